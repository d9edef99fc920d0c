// A process ends itself: exit with a result or fail with a code, under its lease.
import type { Json } from '../../base/canonical-json.js';
import type { Pid } from '../../base/ids.js';
import type { RuntimeDeps } from '../deps.js';
import { runCommand } from './command-scope.js';
import { endSubtree } from './end-subtree.js';

/**
 * Ends `pid` from inside its quantum: `exit` with a result or `fail` with an error code.
 * @throws STALE_LEASE when the lease was lost.
 */
export function exitProcess(
  deps: RuntimeDeps,
  pid: Pid,
  options: { fence: number; outcome: { exit: Json } | { fail: { code: string; message: string } } },
): Promise<void> {
  return runCommand(deps, { actor: pid }, async (scope) => {
    await scope.tx.assertLease(pid, options.fence);
    const process = await scope.load(pid, 'Exiting');
    await endSubtree(scope, process, options.outcome);
  });
}
