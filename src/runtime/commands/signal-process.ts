// Signals: pause, resume, interrupt and terminate, sent by the operator or by a direct parent.
import type { Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { Actor, Signal } from '../../kernel/process/types.js';
import type { RuntimeDeps } from '../deps.js';
import { runCommand } from './command-scope.js';
import { endSubtree } from './end-subtree.js';
import { sendMessage } from './send-message.js';

/**
 * Delivers `signal` to `to`. Processes may signal only their direct children.
 * @throws NOT_FOUND, NOT_PERMITTED, ILLEGAL_TRANSITION (e.g. resuming a process that is not paused)
 */
export async function signalProcess(
  deps: RuntimeDeps,
  input: { from: Actor; to: Pid; signal: Signal; body?: Json },
  options: { fence?: number },
): Promise<void> {
  if (input.signal === 'interrupt') {
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
    const target = await scope.tx.getProcess(input.to);
    const allowed =
      input.from === 'operator' || input.from === 'runtime' || target?.parentPid === input.from;
    if (target === undefined || !allowed) {
      throw input.from === 'operator'
        ? new LibosError('NOT_FOUND', `${attempted} failed: no process ${input.to}`, {
            details: { pid: input.to },
          })
        : new LibosError(
            'NOT_PERMITTED',
            `${attempted} failed: a process may signal only its direct children`,
          );
    }
    switch (input.signal) {
      case 'pause': {
        const detail =
          input.from === 'operator' ? 'paused by the operator' : 'paused by its parent';
        await scope.apply(target, { type: 'pause', reason: 'operator', detail }, { attempted });
        scope.journal('process.paused', target.pid, { reason: 'operator', by: input.from });
        scope.abortAfter(target.pid, 'pause');
        return;
      }
      case 'resume':
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
