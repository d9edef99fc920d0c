// A process's taint: the join of the labels of everything it received since its last clearance.
import type { Origin, Sensitivity } from '../object/types.js';

/** Most sources a taint lists; past it the least sensitive are dropped (and a count kept). */
export const MAX_TAINT_SOURCES = 16;

/** One source a process's data came from, with the sensitivity it carried. */
export interface TaintSource {
  /** Canonical `kind:path` (`fs:.env`) or an object version (`obj_…@N`). */
  readonly source: string;
  readonly sensitivity: Sensitivity;
}

/**
 * What a process holds: the most sensitive label it received, the union of origins, and its
 * sources (at most {@link MAX_TAINT_SOURCES}, the most sensitive kept; `dropped` is at least how many were left out: a lower bound, as a
 * dropped source is no longer known).
 */
export interface Taint {
  readonly sensitivity: Sensitivity;
  readonly origins: readonly Origin[];
  readonly sources: readonly TaintSource[];
  readonly dropped: number;
}

/** A process that received nothing labelled (or was just cleared). */
export const EMPTY_TAINT: Taint = { sensitivity: 'public', origins: [], sources: [], dropped: 0 };

/** True when `taint` carries nothing (the bottom of the lattice). */
export function isEmptyTaint(taint: Taint): boolean {
  return taint.sensitivity === 'public' && taint.origins.length === 0 && taint.sources.length === 0;
}
