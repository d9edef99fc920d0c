// Deciding whether a process may spend one more unit of a dimension.
import type { Budget, BudgetDimension, Usage } from './types.js';

/** How much one step would spend, per counted dimension. */
export type UsageDelta = Partial<Usage>;

/**
 * The first dimension in which spending `delta` would go over `budget`, or `null` when it fits.
 * `wallMs` is checked against `elapsedMs` (a process past its wall time can spend nothing).
 */
export function exceededDimension(
  budget: Budget,
  usage: Usage,
  options: { delta: UsageDelta; elapsedMs: number },
): BudgetDimension | null {
  if (budget.wallMs !== undefined && options.elapsedMs >= budget.wallMs) return 'wallMs';
  for (const dim of ['quanta', 'toolCalls', 'children', 'tokens'] as const) {
    const limit = budget[dim];
    const spend = options.delta[dim] ?? 0;
    if (limit !== undefined && spend > 0 && usage[dim] + spend > limit) return dim;
  }
  return null;
}

/** Usage after spending `delta`. */
export function addUsage(usage: Usage, delta: UsageDelta): Usage {
  return {
    quanta: usage.quanta + (delta.quanta ?? 0),
    toolCalls: usage.toolCalls + (delta.toolCalls ?? 0),
    children: usage.children + (delta.children ?? 0),
    tokens: usage.tokens + (delta.tokens ?? 0),
  };
}
