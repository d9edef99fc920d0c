// Carving a child's budget out of what its parent has left.
import { BUDGET_DIMENSIONS, type Budget, type Usage } from './types.js';

/** What a parent still has, per dimension; `undefined` means unlimited. */
export function remaining(budget: Budget, usage: Usage, options: { elapsedMs: number }): Budget {
  const out: Partial<Record<(typeof BUDGET_DIMENSIONS)[number], number>> = {};
  for (const dim of BUDGET_DIMENSIONS) {
    const limit = budget[dim];
    if (limit === undefined) continue;
    const used = dim === 'wallMs' ? options.elapsedMs : usage[dim];
    out[dim] = Math.max(0, limit - used);
  }
  return out;
}

/**
 * A child's budget: for each dimension the smaller of what was requested and what the parent
 * has left (the parent's remainder bounds the child even where the child asked for nothing).
 * Spawning itself uses one `children` unit of the parent, so the child's own `children` limit is
 * carved from the remainder after that unit.
 */
export function carve(parentRemaining: Budget, requested: Budget): Budget {
  const out: Partial<Record<(typeof BUDGET_DIMENSIONS)[number], number>> = {};
  for (const dim of BUDGET_DIMENSIONS) {
    const left =
      dim === 'children' && parentRemaining.children !== undefined
        ? parentRemaining.children - 1
        : parentRemaining[dim];
    const asked = requested[dim];
    const value = left === undefined ? asked : asked === undefined ? left : Math.min(left, asked);
    if (value !== undefined) out[dim] = Math.max(0, value);
  }
  return out;
}
