// Tests for budget checks before spending and for adding usage.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addUsage, exceededDimension, type UsageDelta } from './exceeded.js';
import { ZERO_USAGE, type Budget, type Usage } from './types.js';

const COUNTERS = ['quanta', 'toolCalls', 'children', 'tokens'] as const;

const usageArb: fc.Arbitrary<Usage> = fc.record({
  quanta: fc.nat({ max: 1_000 }),
  toolCalls: fc.nat({ max: 1_000 }),
  children: fc.nat({ max: 100 }),
  tokens: fc.nat({ max: 1_000_000 }),
});

const deltaArb: fc.Arbitrary<UsageDelta> = fc.record(
  {
    quanta: fc.nat({ max: 10 }),
    toolCalls: fc.nat({ max: 10 }),
    children: fc.nat({ max: 3 }),
    tokens: fc.nat({ max: 100_000 }),
  },
  { requiredKeys: [] },
);

const budgetArb: fc.Arbitrary<Budget> = fc.record(
  {
    quanta: fc.nat({ max: 1_000 }),
    toolCalls: fc.nat({ max: 1_000 }),
    children: fc.nat({ max: 100 }),
    wallMs: fc.nat({ max: 1_000_000 }),
    tokens: fc.nat({ max: 1_000_000 }),
  },
  { requiredKeys: [] },
);

describe('exceededDimension', () => {
  it('allows any spend when the budget is unlimited', () => {
    const delta = { quanta: 1e9, toolCalls: 1e9, children: 1e9, tokens: 1e9 };
    expect(exceededDimension({}, ZERO_USAGE, { delta, elapsedMs: 1e12 })).toBeNull();
  });

  it('allows a spend that reaches the limit exactly', () => {
    const usage: Usage = { ...ZERO_USAGE, quanta: 9 };
    expect(
      exceededDimension({ quanta: 10 }, usage, { delta: { quanta: 1 }, elapsedMs: 0 }),
    ).toBeNull();
  });

  it.each(COUNTERS)('reports %s when one more unit would go over its limit', (dim) => {
    const usage: Usage = { ...ZERO_USAGE, [dim]: 10 };
    const result = exceededDimension({ [dim]: 10 }, usage, { delta: { [dim]: 1 }, elapsedMs: 0 });
    expect(result).toBe(dim);
  });

  it('ignores a dimension already over its limit when this step spends none of it', () => {
    const usage: Usage = { ...ZERO_USAGE, tokens: 500 };
    const budget: Budget = { tokens: 100, quanta: 5 };
    expect(exceededDimension(budget, usage, { delta: { quanta: 1 }, elapsedMs: 0 })).toBeNull();
  });

  it('reports wallMs once elapsed time reaches the wall limit, even for a free step', () => {
    expect(exceededDimension({ wallMs: 1_000 }, ZERO_USAGE, { delta: {}, elapsedMs: 1_000 })).toBe(
      'wallMs',
    );
    expect(exceededDimension({ wallMs: 1_000 }, ZERO_USAGE, { delta: {}, elapsedMs: 5_000 })).toBe(
      'wallMs',
    );
  });

  it('allows spending while elapsed time is still under the wall limit', () => {
    const options = { delta: { quanta: 1 }, elapsedMs: 999 };
    expect(exceededDimension({ wallMs: 1_000 }, ZERO_USAGE, options)).toBeNull();
  });

  it('reports wallMs before any counter when several are exceeded', () => {
    const usage: Usage = { quanta: 5, toolCalls: 5, children: 5, tokens: 5 };
    const budget: Budget = { quanta: 5, toolCalls: 5, children: 5, tokens: 5, wallMs: 10 };
    const delta = { quanta: 1, toolCalls: 1, children: 1, tokens: 1 };
    expect(exceededDimension(budget, usage, { delta, elapsedMs: 10 })).toBe('wallMs');
    expect(exceededDimension(budget, usage, { delta, elapsedMs: 9 })).toBe('quanta');
  });

  it('reports tokens when only the token spend is too large', () => {
    const usage: Usage = { ...ZERO_USAGE, tokens: 900 };
    const options = { delta: { quanta: 1, tokens: 101 }, elapsedMs: 0 };
    expect(exceededDimension({ quanta: 10, tokens: 1_000 }, usage, options)).toBe('tokens');
  });

  it('agrees with addUsage: null exactly when every spent counter stays within its limit', () => {
    fc.assert(
      fc.property(
        budgetArb,
        usageArb,
        deltaArb,
        fc.nat({ max: 2_000_000 }),
        (budget, usage, delta, elapsedMs) => {
          const result = exceededDimension(budget, usage, { delta, elapsedMs });
          const after = addUsage(usage, delta);
          const wallOver = budget.wallMs !== undefined && elapsedMs >= budget.wallMs;
          const over = COUNTERS.filter((dim) => {
            const limit = budget[dim];
            return limit !== undefined && (delta[dim] ?? 0) > 0 && after[dim] > limit;
          });
          if (wallOver) expect(result).toBe('wallMs');
          else expect(result).toBe(over[0] ?? null);
        },
      ),
    );
  });
});

describe('addUsage', () => {
  it('adds each counter of the delta', () => {
    const usage: Usage = { quanta: 1, toolCalls: 2, children: 3, tokens: 4 };
    const delta = { quanta: 10, toolCalls: 20, children: 30, tokens: 40 };
    expect(addUsage(usage, delta)).toStrictEqual({
      quanta: 11,
      toolCalls: 22,
      children: 33,
      tokens: 44,
    });
  });

  it('counts missing delta members as zero', () => {
    const usage: Usage = { quanta: 1, toolCalls: 2, children: 3, tokens: 4 };
    expect(addUsage(usage, { tokens: 6 })).toStrictEqual({ ...usage, tokens: 10 });
    expect(addUsage(usage, {})).toStrictEqual(usage);
  });

  it('never records wallMs, which is derived from time rather than counted', () => {
    const delta = { quanta: 1, wallMs: 5_000 } as UsageDelta;
    const after = addUsage(ZERO_USAGE, delta);
    expect(Object.keys(after).sort()).toEqual(['children', 'quanta', 'tokens', 'toolCalls']);
  });

  it('does not modify the usage it is given', () => {
    const usage = Object.freeze({ quanta: 1, toolCalls: 1, children: 1, tokens: 1 });
    addUsage(usage, { quanta: 5 });
    expect(usage).toStrictEqual({ quanta: 1, toolCalls: 1, children: 1, tokens: 1 });
  });

  it('gives the same total whether deltas are added one by one or in any order', () => {
    fc.assert(
      fc.property(usageArb, deltaArb, deltaArb, (usage, a, b) => {
        expect(addUsage(addUsage(usage, a), b)).toStrictEqual(addUsage(addUsage(usage, b), a));
      }),
    );
  });
});
