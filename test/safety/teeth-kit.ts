// The teeth check: each scenario must fail under every runner it declares in caught_by.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../../src/safety/runner/run-scenario.js';
import type { SafetyRunner } from '../../src/testing/safety-hooks.js';
import { explain, loadBenchScenarios, runPairs } from './bench-kit.js';

/**
 * Runs every scenario under each of `runners` it declares in `caught_by` and asserts the run
 * fails on the evidence (not on a harness error): the scenario can tell that runner from the
 * real runtime.
 */
export async function describeTeeth(runners: readonly SafetyRunner[]): Promise<void> {
  const scenarios = await loadBenchScenarios();
  const pairs = scenarios.flatMap((scenario) =>
    scenario.caught_by
      .filter((runner) => runners.includes(runner))
      .map((runner) => ({ scenario, runner })),
  );
  let runs: ScenarioRun[] = [];
  beforeAll(async () => {
    runs = await runPairs(pairs);
  }, 120_000);
  describe(`the teeth of the benchmark under ${runners.join(', ')}`, () => {
    for (const runner of runners) {
      it(`fails every scenario that declares ${runner} in caught_by`, () => {
        const mine = runs.filter((r) => r.runner === runner);
        expect(mine.length).toBe(pairs.filter((p) => p.runner === runner).length);
        expect(mine.filter((r) => r.judgement === null).map(explain)).toEqual([]);
        expect(
          mine.filter((r) => r.passed).map((r) => `${r.scenario} passed under ${runner}`),
        ).toEqual([]);
      });
    }
  });
}
