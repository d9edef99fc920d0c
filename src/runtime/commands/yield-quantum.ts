// Ending a quantum that still has work: running back to runnable, under the lease.
import type { Pid } from '../../base/ids.js';
import type { RuntimeDeps } from '../deps.js';
import { runCommand } from './command-scope.js';

/**
 * Returns `pid` to the ready queue after a quantum.
 * @throws STALE_LEASE when the lease was lost (paused, killed or expired meanwhile).
 */
export function yieldQuantum(
  deps: RuntimeDeps,
  pid: Pid,
  options: { fence: number; reason: 'yield' | 'interrupt' | 'shutdown' },
): Promise<void> {
  return runCommand(deps, { actor: 'runtime' }, async (scope) => {
    await scope.tx.assertLease(pid, options.fence);
    const process = await scope.load(pid, 'Ending a quantum');
    await scope.apply(process, { type: 'yield' }, { attempted: 'Ending a quantum' });
    scope.journal('process.yielded', pid, { fence: options.fence, reason: options.reason });
  });
}
