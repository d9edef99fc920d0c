// Orders processes as their lineage tree: each parent followed by its children, depth-first.
import type { AgentProcess } from './types.js';

/** A process with its depth in the tree. */
export interface TreeRow {
  readonly process: AgentProcess;
  readonly depth: number;
}

/**
 * Depth-first rows, roots (and orphans whose parent is not in `processes`) first, siblings by
 * creation time.
 */
export function buildProcessTree(processes: readonly AgentProcess[]): TreeRow[] {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const children = new Map<string | null, AgentProcess[]>();
  for (const p of processes) {
    const parent = p.parentPid !== null && byPid.has(p.parentPid) ? p.parentPid : null;
    const list = children.get(parent) ?? [];
    list.push(p);
    children.set(parent, list);
  }
  const rows: TreeRow[] = [];
  const visit = (parent: string | null, depth: number): void => {
    const list = (children.get(parent) ?? []).sort(
      (a, b) => a.createdAt - b.createdAt || (a.pid < b.pid ? -1 : 1),
    );
    for (const p of list) {
      rows.push({ process: p, depth });
      visit(p.pid, depth + 1);
    }
  };
  visit(null, 0);
  return rows;
}

/** The ancestors of `pid`, root first. */
export function lineageOf(pid: string, processes: readonly AgentProcess[]): AgentProcess[] {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const chain: AgentProcess[] = [];
  let parent = byPid.get(pid)?.parentPid ?? null;
  while (parent !== null && chain.length < 64) {
    const p = byPid.get(parent);
    if (p === undefined) break;
    chain.unshift(p);
    parent = p.parentPid;
  }
  return chain;
}
