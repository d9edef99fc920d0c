// Walking the process tree inside a transaction: ancestors for budgets, descendants for kills.
import type { Pid } from '../../base/ids.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { StoreReader } from '../../ports/store.js';

const PAGE = 200;

/** The chain of ancestors of `process`, nearest first. */
export async function loadAncestors(
  reader: StoreReader,
  process: AgentProcess,
): Promise<AgentProcess[]> {
  const out: AgentProcess[] = [];
  let parentPid = process.parentPid;
  while (parentPid !== null) {
    const parent = await reader.getProcess(parentPid);
    if (parent === undefined) break;
    out.push(parent);
    parentPid = parent.parentPid;
  }
  return out;
}

/** Direct children of `pid`, keyset-paged so a wide tree never loads at once per query. */
export async function loadChildren(reader: StoreReader, pid: Pid): Promise<AgentProcess[]> {
  const out: AgentProcess[] = [];
  let afterPid: Pid | undefined;
  for (;;) {
    const page = await reader.listProcesses({
      parentPid: pid,
      limit: PAGE,
      ...(afterPid === undefined ? {} : { afterPid }),
    });
    out.push(...page);
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return out;
    afterPid = last.pid;
  }
}

/** Every descendant of `pid`, parents before their children. */
export async function loadDescendants(reader: StoreReader, pid: Pid): Promise<AgentProcess[]> {
  const out: AgentProcess[] = [];
  const frontier: Pid[] = [pid];
  for (let next = frontier.shift(); next !== undefined; next = frontier.shift()) {
    const children = await loadChildren(reader, next);
    for (const child of children) {
      out.push(child);
      frontier.push(child.pid);
    }
  }
  return out;
}
