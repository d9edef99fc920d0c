// Joining what a call handed a process into its taint: max sensitivity, union of origins, bounded sources.
import { sensitivityRank } from '../object/sensitivity.js';
import { ORIGINS, SENSITIVITIES, type Origin } from '../object/types.js';
import { labelOf, UNLABELLED } from './label-of.js';
import type { LabelRule } from './label-rule.js';
import { EMPTY_TAINT, MAX_TAINT_SOURCES, type Taint, type TaintSource } from './taint.js';
import type { Received } from './types.js';

/** The rules a join reads resource labels from. */
export interface RuleSet {
  readonly operator: readonly LabelRule[];
  readonly defaults?: readonly LabelRule[];
}

/** What `received` carries, as a taint of its own (resources labelled by `rules`). */
export function taintOf(received: Received, rules: RuleSet): Taint {
  const sources: TaintSource[] = [];
  const origins = new Set<Origin>(received.origins ?? []);
  for (const resource of received.resources ?? []) {
    const label = labelOf(resource, rules);
    sources.push({ source: resource, sensitivity: label?.sensitivity ?? UNLABELLED });
  }
  for (const labels of received.labels ?? []) {
    sources.push({ source: labels.ref, sensitivity: labels.sensitivity });
    for (const origin of labels.origins) origins.add(origin);
  }
  return joinTaint(EMPTY_TAINT, {
    sensitivity: 'public',
    origins: ORIGINS.filter((o) => origins.has(o)),
    sources,
    dropped: 0,
  });
}

/**
 * The join of two taints: the more sensitive level (and every source's), the union of origins,
 * and the sources of both, deduplicated, the most sensitive kept when over the bound.
 */
export function joinTaint(a: Taint, b: Taint): Taint {
  let rank = Math.max(sensitivityRank(a.sensitivity), sensitivityRank(b.sensitivity));
  const bySource = new Map<string, TaintSource>();
  for (const source of [...a.sources, ...b.sources]) {
    rank = Math.max(rank, sensitivityRank(source.sensitivity));
    const known = bySource.get(source.source);
    if (
      known === undefined ||
      sensitivityRank(source.sensitivity) > sensitivityRank(known.sensitivity)
    )
      bySource.set(source.source, source);
  }
  // Most sensitive first, then by name, so the kept list is the same whatever the arrival order.
  const all = [...bySource.values()].sort(
    (x, y) =>
      sensitivityRank(y.sensitivity) - sensitivityRank(x.sensitivity) ||
      (x.source < y.source ? -1 : x.source > y.source ? 1 : 0),
  );
  const origins = new Set<Origin>([...a.origins, ...b.origins]);
  return {
    sensitivity: SENSITIVITIES[rank] ?? 'secret',
    origins: ORIGINS.filter((o) => origins.has(o)),
    sources: all.slice(0, MAX_TAINT_SOURCES),
    // Dropped sources are not remembered, so this is a lower bound: the larger count, plus what
    // this join left out (joining a taint with itself, or with a copy a message carried, adds 0).
    dropped: Math.max(a.dropped, b.dropped) + Math.max(0, all.length - MAX_TAINT_SOURCES),
  };
}

/**
 * Whether `next` says more than `before` in what an exit check reads: a higher level or a new
 * origin (what is journaled as `flow.tainted`); a new source at the same level is not a rise.
 */
export function taintRose(before: Taint, next: Taint): boolean {
  return (
    sensitivityRank(next.sensitivity) > sensitivityRank(before.sensitivity) ||
    next.origins.some((o) => !before.origins.includes(o))
  );
}

/**
 * Whether `next` differs from `before` in what it lists (worth a write). The dropped count alone
 * is not: it is a lower bound, and a source left out again changes nothing an exit reads.
 */
export function taintChanged(before: Taint, next: Taint): boolean {
  return (
    taintRose(before, next) ||
    next.sources.length !== before.sources.length ||
    next.sources.some((s, i) => {
      const old: TaintSource | undefined = before.sources[i];
      return old === undefined || s.source !== old.source || s.sensitivity !== old.sensitivity;
    })
  );
}
