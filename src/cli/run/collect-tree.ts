// The processes of one or more subtrees, read breadth-first page by page.
import type { Pid } from '../../base/ids.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { Runtime } from '../../runtime/runtime.js';
import { collectPages } from '../../base/collect-pages.js';

const PAGE = 500;

/**
 * Every process in the subtrees rooted at `roots` (each once), in creation order. A root that does
 * not exist is left out.
 */
export async function collectTrees(
  runtime: Pick<Runtime, 'list' | 'store'>,
  roots: readonly Pid[],
): Promise<AgentProcess[]> {
  const seen = new Map<Pid, AgentProcess>();
  let frontier: Pid[] = [];
  for (const pid of roots) {
    if (seen.has(pid)) continue;
    const found = await runtime.store.read((reader) => reader.getProcess(pid));
    if (found === undefined) continue;
    seen.set(pid, found);
    frontier.push(pid);
  }
  while (frontier.length > 0) {
    const next: Pid[] = [];
    for (const parentPid of frontier) {
      const children = await collectPages(
        (afterPid: Pid | undefined, limit) =>
          runtime.store.read((reader) =>
            reader.listProcesses({
              parentPid,
              limit,
              ...(afterPid === undefined ? {} : { afterPid }),
            }),
          ),
        (p) => p.pid,
        { pageSize: PAGE },
      );
      for (const child of children) {
        if (seen.has(child.pid)) continue;
        seen.set(child.pid, child);
        next.push(child.pid);
      }
    }
    frontier = next;
  }
  return [...seen.values()].sort(
    (a, b) => a.createdAt - b.createdAt || (a.pid < b.pid ? -1 : a.pid > b.pid ? 1 : 0),
  );
}
