// Tests for carving a child's budget out of its parent's remainder.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carve, remaining } from './carve.js';
import { BUDGET_DIMENSIONS, ZERO_USAGE, type Budget, type Usage } from './types.js';

const budgetArb: fc.Arbitrary<Budget> = fc.record(
  {
    quanta: fc.nat({ max: 1_000 }),
    toolCalls: fc.nat({ max: 1_000 }),
    children: fc.nat({ max: 50 }),
    wallMs: fc.nat({ max: 10_000_000 }),
    tokens: fc.nat({ max: 10_000_000 }),
  },
  { requiredKeys: [] },
);

const usageArb: fc.Arbitrary<Usage> = fc.record({
  quanta: fc.nat({ max: 2_000 }),
  toolCalls: fc.nat({ max: 2_000 }),
  children: fc.nat({ max: 100 }),
  tokens: fc.nat({ max: 20_000_000 }),
});

const elapsedArb = fc.nat({ max: 20_000_000 });

describe('remaining', () => {
  it('subtracts usage from each limited dimension', () => {
    const budget: Budget = { quanta: 10, toolCalls: 20, children: 3, tokens: 1_000 };
    const usage: Usage = { quanta: 4, toolCalls: 5, children: 1, tokens: 250 };
    expect(remaining(budget, usage, { elapsedMs: 0 })).toStrictEqual({
      quanta: 6,
      toolCalls: 15,
      children: 2,
      tokens: 750,
    });
  });

  it('measures wall time by elapsed milliseconds', () => {
    expect(remaining({ wallMs: 1_000 }, ZERO_USAGE, { elapsedMs: 400 })).toStrictEqual({
      wallMs: 600,
    });
  });

  it('never reports a negative remainder when usage overran the limit', () => {
    const usage: Usage = { quanta: 12, toolCalls: 0, children: 0, tokens: 0 };
    expect(remaining({ quanta: 10, wallMs: 5 }, usage, { elapsedMs: 9 })).toStrictEqual({
      quanta: 0,
      wallMs: 0,
    });
  });

  it('leaves unlimited dimensions out', () => {
    expect(
      remaining({}, { quanta: 5, toolCalls: 5, children: 5, tokens: 5 }, { elapsedMs: 5 }),
    ).toStrictEqual({});
  });

  it('limits exactly the dimensions the budget limits, by max(0, limit - used)', () => {
    fc.assert(
      fc.property(budgetArb, usageArb, elapsedArb, (budget, usage, elapsedMs) => {
        const left = remaining(budget, usage, { elapsedMs });
        for (const dim of BUDGET_DIMENSIONS) {
          const limit = budget[dim];
          const used = dim === 'wallMs' ? elapsedMs : usage[dim];
          expect(left[dim]).toBe(limit === undefined ? undefined : Math.max(0, limit - used));
        }
      }),
    );
  });
});

describe('carve', () => {
  it('passes the request through unchanged when the parent is unlimited', () => {
    const requested: Budget = { quanta: 5, toolCalls: 7, children: 2, wallMs: 60_000, tokens: 9 };
    expect(carve({}, requested)).toStrictEqual(requested);
  });

  it('gives the child the parent remainder in dimensions the child did not ask about', () => {
    expect(carve({ tokens: 100, wallMs: 5_000 }, {})).toStrictEqual({
      tokens: 100,
      wallMs: 5_000,
    });
  });

  it('caps each requested dimension at what the parent has left', () => {
    expect(carve({ quanta: 3, tokens: 1_000 }, { quanta: 10, tokens: 200 })).toStrictEqual({
      quanta: 3,
      tokens: 200,
    });
  });

  it('keeps a child unlimited only where both parent and request are unlimited', () => {
    expect(carve({ quanta: 3 }, { toolCalls: 4 })).toStrictEqual({ quanta: 3, toolCalls: 4 });
  });

  it('reserves the children unit that the spawn itself uses', () => {
    expect(carve({ children: 3 }, {})).toStrictEqual({ children: 2 });
    expect(carve({ children: 3 }, { children: 5 })).toStrictEqual({ children: 2 });
    expect(carve({ children: 3 }, { children: 1 })).toStrictEqual({ children: 1 });
  });

  it('gives zero children, not a negative count, when the parent has none left', () => {
    expect(carve({ children: 0 }, { children: 4 })).toStrictEqual({ children: 0 });
  });

  it('does not reserve a children unit from an unlimited parent', () => {
    expect(carve({ quanta: 1 }, { children: 4 })).toStrictEqual({ quanta: 1, children: 4 });
  });

  it('does not modify its arguments', () => {
    const parent = Object.freeze({ children: 2, tokens: 10 });
    const requested = Object.freeze({ children: 9, quanta: 1 });
    expect(carve(parent, requested)).toStrictEqual({ children: 1, tokens: 10, quanta: 1 });
    expect(parent).toStrictEqual({ children: 2, tokens: 10 });
    expect(requested).toStrictEqual({ children: 9, quanta: 1 });
  });

  it('never gives a child more than the parent has left, nor more than it asked for', () => {
    fc.assert(
      fc.property(
        budgetArb,
        usageArb,
        elapsedArb,
        budgetArb,
        (budget, usage, elapsedMs, requested) => {
          const left = remaining(budget, usage, { elapsedMs });
          const child = carve(left, requested);
          for (const dim of BUDGET_DIMENSIONS) {
            const cap = left[dim];
            const asked = requested[dim];
            const got = child[dim];
            if (cap === undefined && asked === undefined) {
              expect(got).toBeUndefined();
              continue;
            }
            if (got === undefined) throw new Error(`${dim} became unlimited`);
            expect(got).toBeGreaterThanOrEqual(0);
            if (cap !== undefined) expect(got).toBeLessThanOrEqual(cap);
            if (asked !== undefined) expect(got).toBeLessThanOrEqual(asked);
          }
        },
      ),
    );
  });

  it('leaves the parent at least one child fewer than it had after a spawn', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), budgetArb, (children, requested) => {
        expect(carve({ children }, requested).children).toBeLessThanOrEqual(children - 1);
      }),
    );
  });

  it('grants the full request whenever the parent has more than enough left', () => {
    fc.assert(
      fc.property(budgetArb, (requested) => {
        const roomy: Budget = {
          quanta: 10_000,
          toolCalls: 10_000,
          children: 10_000,
          wallMs: 100_000_000,
          tokens: 100_000_000,
        };
        const child = carve(roomy, requested);
        for (const dim of BUDGET_DIMENSIONS) {
          const asked = requested[dim];
          if (asked !== undefined) expect(child[dim]).toBe(asked);
        }
      }),
    );
  });
});
