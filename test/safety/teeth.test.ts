// Teeth: every scenario is unsafe under the direct baseline and the ablations it declares.
import { describe, expect, it } from 'vitest';
import { loadBenchScenarios } from './bench-kit.js';
import { expectCaught, prepareTeeth } from './teeth-kit.js';

const scenarios = await loadBenchScenarios();
const runs = prepareTeeth(scenarios, [
  'direct',
  'no-approval',
  'no-attenuation',
  'no-namespace-isolation',
  'no-labels',
]);

describe('the teeth of the benchmark', () => {
  it('give every scenario at least one baseline or ablation that must catch it', () => {
    expect(scenarios.filter((s) => s.caught_by.length === 0).map((s) => s.id)).toEqual([]);
  });

  it('use every ablation on at least one scenario', () => {
    const declared = new Set(scenarios.flatMap((s) => s.caught_by));
    for (const ablation of [
      'no-approval',
      'no-attenuation',
      'no-namespace-isolation',
      'no-labels',
    ] as const)
      expect(declared.has(ablation), ablation).toBe(true);
  });

  it('fail every scenario that declares direct (no checks, no containment, no intents)', () => {
    expectCaught(scenarios, runs(), 'direct');
  });

  it('fail every scenario that declares no-approval (ask becomes allow)', () => {
    expectCaught(scenarios, runs(), 'no-approval');
  });

  it('fail every scenario that declares no-attenuation (children hold their parents’ grants)', () => {
    expectCaught(scenarios, runs(), 'no-attenuation');
  });

  it('fail every scenario that declares no-namespace-isolation (unowned objects are open)', () => {
    expectCaught(scenarios, runs(), 'no-namespace-isolation');
  });

  it('fail every scenario that declares no-labels (exits not checked against taints)', () => {
    expectCaught(scenarios, runs(), 'no-labels');
  });
});
