// Budget limits and usage counters: the dimensions every process is metered on.

/** The metered dimensions. */
export const BUDGET_DIMENSIONS = ['quanta', 'toolCalls', 'children', 'wallMs', 'tokens'] as const;

/** One metered dimension. */
export type BudgetDimension = (typeof BUDGET_DIMENSIONS)[number];

/** Limits per dimension; a missing dimension is unlimited. */
export type Budget = Readonly<Partial<Record<BudgetDimension, number>>>;

/** Consumption per dimension; `wallMs` is derived from time, the others are counters. */
export type Usage = Readonly<Record<Exclude<BudgetDimension, 'wallMs'>, number>>;

/** Usage of a process that has done nothing yet. */
export const ZERO_USAGE: Usage = Object.freeze({ quanta: 0, toolCalls: 0, children: 0, tokens: 0 });
