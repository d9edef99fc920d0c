// Teeth: every scenario fails under the direct baseline and the ablations it declares.
import { describe, expect, it } from 'vitest';
import { loadBenchScenarios } from './bench-kit.js';
import { describeTeeth } from './teeth-kit.js';

await describeTeeth(['direct', 'no-approval', 'no-attenuation', 'no-namespace-isolation']);

describe('the teeth declarations', () => {
  it('give every scenario at least one baseline or ablation that must catch it', async () => {
    const scenarios = await loadBenchScenarios();
    expect(scenarios.filter((s) => s.caught_by.length === 0).map((s) => s.id)).toEqual([]);
  });

  it('use every ablation on at least one scenario', async () => {
    const declared = new Set((await loadBenchScenarios()).flatMap((s) => s.caught_by));
    for (const ablation of ['no-approval', 'no-attenuation', 'no-namespace-isolation'] as const)
      expect(declared.has(ablation), ablation).toBe(true);
  });
});
