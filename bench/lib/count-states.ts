// Counts processes per state through a read-only store handle, page by page.
import type { Pid } from '../../src/base/ids.js';
import { STATE_KINDS, type StateKind } from '../../src/kernel/process/types.js';
import type { Store } from '../../src/ports/store.js';

const PAGE = 5_000;

/** The number of processes in each state (states with none are left out). */
export async function countStates(store: Store): Promise<Partial<Record<StateKind, number>>> {
  const counts: Partial<Record<StateKind, number>> = {};
  for (const state of STATE_KINDS) {
    let total = 0;
    let afterPid: Pid | undefined;
    for (;;) {
      const page = await store.read((r) =>
        r.listPidsInState(state, { limit: PAGE, ...(afterPid === undefined ? {} : { afterPid }) }),
      );
      total += page.length;
      afterPid = page.at(-1);
      if (afterPid === undefined || page.length < PAGE) break;
    }
    if (total > 0) counts[state] = total;
  }
  return counts;
}
