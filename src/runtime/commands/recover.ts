// Recovery on open: leases held by a dead runtime expire; work is bounded by what is running.
import type { Pid } from '../../base/ids.js';
import type { RuntimeDeps } from '../deps.js';
import { runCommand } from './command-scope.js';

const PAGE = 500;

/**
 * Expires every lease left by a runtime that died (its processes go back to runnable), a page
 * per transaction. Returns how many processes were recovered.
 */
export async function recoverLeases(
  deps: RuntimeDeps,
  options: { signal?: AbortSignal } = {},
): Promise<number> {
  let recovered = 0;
  for (;;) {
    const count = await runCommand(deps, { actor: 'runtime', ...options }, async (scope) => {
      const pids = await scope.tx.listPidsInState('running', { limit: PAGE });
      for (const pid of pids) {
        const process = await scope.load(pid, 'Recovering a lease');
        const fence = process.state.kind === 'running' ? process.state.fence : process.fence;
        await scope.apply(process, { type: 'expireLease' }, { attempted: 'Recovering a lease' });
        scope.journal('lease.expired', pid, { fence });
      }
      return pids.length;
    });
    recovered += count;
    if (count < PAGE) return recovered;
  }
}

/** Pages through runnable pids so the scheduler can rebuild its ready queue. */
export async function* runnablePids(deps: RuntimeDeps): AsyncGenerator<Pid[]> {
  let afterPid: Pid | undefined;
  for (;;) {
    const page = await deps.store.read((r) =>
      r.listPidsInState('runnable', {
        limit: PAGE,
        ...(afterPid === undefined ? {} : { afterPid }),
      }),
    );
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return;
    afterPid = last;
  }
}
