import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveLabels } from './derive-labels.js';
import { ORIGINS, SENSITIVITIES, type Labels } from './types.js';

const labelsArb: fc.Arbitrary<Labels> = fc.record({
  creator: fc.constantFrom('operator' as const, 'proc_00000001' as Labels['creator']),
  origins: fc.subarray([...ORIGINS], { minLength: 1 }),
  sensitivity: fc.constantFrom(...SENSITIVITIES),
  sourceObjects: fc.constant([]),
  sourceResources: fc.constant([]),
});

describe('deriveLabels', () => {
  it('never ends below any source or the floor, and keeps every origin (property)', () => {
    fc.assert(
      fc.property(
        fc.array(labelsArb, { maxLength: 5 }),
        fc.constantFrom(...SENSITIVITIES),
        fc.constantFrom(...ORIGINS),
        (sources, floor, origin) => {
          const derived = deriveLabels({
            creator: 'proc_00000002' as Labels['creator'],
            origin,
            floor,
            sources: sources.map((labels, i) => ({ ref: `obj_0000000${i}@1`, labels })),
            sourceResources: [],
          });
          const rank = (s: Labels['sensitivity']): number => SENSITIVITIES.indexOf(s);
          expect(rank(derived.sensitivity)).toBeGreaterThanOrEqual(rank(floor));
          for (const s of sources) {
            expect(rank(derived.sensitivity)).toBeGreaterThanOrEqual(rank(s.sensitivity));
            for (const o of s.origins) expect(derived.origins).toContain(o);
          }
          expect(derived.origins).toContain(origin);
          expect(derived.creator).toBe('proc_00000002');
        },
      ),
    );
  });
});
