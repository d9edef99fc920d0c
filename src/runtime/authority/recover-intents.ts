// Recovery of effect intents: a still-pending intent is unknown, never replayed; its process pauses.
import type { EffectId } from '../../kernel/effect/types.js';
import { isTerminal } from '../../kernel/process/types.js';
import { runCommand } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';

const PAGE = 500;

/**
 * Marks every intent left `pending` by a dead runtime as `unknown` and pauses its process
 * (`unknown-effect`) for an operator, a page per transaction — except intents of the syscalls in
 * `retrySafe` (declared `recovery: 'retry'`, a model call), whose process goes on and makes the
 * call again as a new call. Returns how many were found.
 */
export async function recoverIntents(
  deps: RuntimeDeps,
  options: { retrySafe: ReadonlySet<string> },
): Promise<number> {
  let total = 0;
  let afterId: EffectId | undefined;
  for (;;) {
    const count = await runCommand(deps, { actor: 'runtime' }, async (scope) => {
      const intents = await scope.tx.listIntents({
        state: 'pending',
        limit: PAGE,
        ...(afterId === undefined ? {} : { afterId }),
      });
      for (const intent of intents) {
        await scope.tx.updateIntent({ ...intent, state: 'unknown', settledAt: scope.now });
        scope.journal('effect.unknown', intent.pid, {
          intent: intent.id,
          syscall: intent.syscall,
          resource: intent.resource,
        });
        if (options.retrySafe.has(intent.syscall)) continue;
        const process = await scope.tx.getProcess(intent.pid);
        if (process === undefined || isTerminal(process.state) || process.state.kind === 'paused')
          continue;
        await scope.apply(
          process,
          {
            type: 'pause',
            reason: 'unknown-effect',
            detail: `the outcome of ${intent.syscall} (${intent.id}) is unknown`,
          },
          { attempted: 'Pausing a process with an unknown effect' },
        );
        scope.journal('process.paused', process.pid, {
          reason: 'unknown-effect',
          intent: intent.id,
        });
      }
      afterId = intents.at(-1)?.id;
      return intents.length;
    });
    total += count;
    if (count < PAGE) return total;
  }
}
