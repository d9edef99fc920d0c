// Signals: pause, resume, interrupt and terminate, sent by the operator or by a direct parent.
import type { Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import { mayResume } from '../../kernel/process/may-resume.js';
import type { Actor, Signal } from '../../kernel/process/types.js';
import type { RuntimeDeps } from '../deps.js';
import { runCommand } from './command-scope.js';
import { endSubtree } from './end-subtree.js';
import { sendMessage } from './send-message.js';
import { oncePerCall } from './once-per-call.js';

function notYourChild(attempted: string): LibosError {
  return new LibosError(
    'NOT_PERMITTED',
    `${attempted} failed: a process may signal only its direct children`,
  );
}

/**
 * Delivers `signal` to `to`. Processes may signal only their direct children.
 * @throws NOT_FOUND, NOT_PERMITTED, ILLEGAL_TRANSITION (e.g. resuming a process that is not paused)
 */
export async function signalProcess(
  deps: RuntimeDeps,
  input: { from: Actor; to: Pid; signal: Signal; body?: Json },
  options: { fence?: number; call?: string },
): Promise<void> {
  if (input.signal === 'interrupt') {
    // An interrupt is a signal: the kernel checks the lineage here too, not only the pipeline.
    if (input.from !== 'operator' && input.from !== 'runtime') {
      const target = await deps.store.read((r) => r.getProcess(input.to));
      if (target?.parentPid !== input.from) throw notYourChild(`Sending interrupt to a process`);
    }
    await sendMessage(
      deps,
      {
        from: input.from,
        to: input.to,
        body: input.body ?? { signal: 'interrupt' },
        interrupt: true,
      },
      options,
    );
    return;
  }
  await runCommand(deps, { actor: input.from }, async (scope) => {
    const attempted = `Sending ${input.signal} to a process`;
    if (input.from !== 'operator' && input.from !== 'runtime' && options.fence !== undefined) {
      await scope.tx.assertLease(input.from, options.fence);
    }
    // A signal re-issued by the same call after a crash was already delivered.
    if (input.from !== 'operator' && input.from !== 'runtime' && options.call !== undefined) {
      const { replayed } = await oncePerCall(scope, { pid: input.from, key: options.call }, () =>
        Promise.resolve(null),
      );
      if (replayed) return;
    }
    const target = await scope.tx.getProcess(input.to);
    const allowed =
      input.from === 'operator' || input.from === 'runtime' || target?.parentPid === input.from;
    if (target === undefined || !allowed) {
      throw input.from === 'operator'
        ? new LibosError('NOT_FOUND', `${attempted} failed: no process ${input.to}`, {
            details: { pid: input.to },
          })
        : notYourChild(attempted);
    }
    switch (input.signal) {
      case 'pause': {
        const byParent = input.from !== 'operator' && input.from !== 'runtime';
        const reason = byParent ? 'parent' : 'operator';
        const detail = byParent ? 'paused by its parent' : 'paused by the operator';
        await scope.apply(target, { type: 'pause', reason, detail, by: input.from }, { attempted });
        scope.journal('process.paused', target.pid, { reason, by: input.from });
        scope.abortAfter(target.pid, 'pause');
        return;
      }
      case 'resume':
        // A parent lifts only its own pause: never the operator's, a budget or unknown-effect one.
        if (target.state.kind === 'paused' && !mayResume(target.state, input.from)) {
          throw new LibosError(
            'NOT_PERMITTED',
            `${attempted} failed: a process may resume only a child it paused itself (this one is paused: ${target.state.reason})`,
          );
        }
        await scope.apply(target, { type: 'resume' }, { attempted });
        scope.journal('process.resumed', target.pid, { by: input.from });
        return;
      case 'terminate':
        await endSubtree(scope, target, { signal: 'terminate', by: input.from });
        return;
      case 'interrupt':
        return; // delivered as a message above
    }
  });
}
