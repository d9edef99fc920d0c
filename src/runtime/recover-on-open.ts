// What a writable runtime recovers when it opens: effects a crash left pending, then leases.
import type { AnySyscall } from '../syscalls/define-syscall.js';
import { recoverIntents } from './authority/recover-intents.js';
import type { RuntimeDeps } from './deps.js';
import type { Scheduler } from './scheduler.js';

/**
 * Marks intents a crash left pending `unknown` (their processes pause, unless the syscall is
 * retry-safe), then makes expired leases runnable; journals `runtime.recovered` when either found
 * something.
 */
export async function recoverOnOpen(
  deps: RuntimeDeps,
  parts: { syscalls: ReadonlyMap<string, AnySyscall>; scheduler: Scheduler },
): Promise<void> {
  // Unknown effects first: their processes pause instead of being queued to run again.
  const retrySafe = new Set(
    [...parts.syscalls.values()].filter((s) => s.recovery === 'retry').map((s) => s.name),
  );
  const unknownEffects = await recoverIntents(deps, { retrySafe });
  const recovered = await parts.scheduler.recover();
  if (recovered > 0 || unknownEffects > 0)
    await deps.store.transact((tx) =>
      tx.appendJournal([
        {
          type: 'runtime.recovered',
          pid: null,
          actor: 'runtime',
          data: { leases: recovered, unknownEffects },
        },
      ]),
    );
}
