// The teeth check: each scenario must be unsafe, on the evidence or the state, under every runner it declares in caught_by.
import { beforeAll, expect } from 'vitest';
import type { ScenarioRun } from '../../src/safety/runner/run-scenario.js';
import type { Scenario } from '../../src/safety/scenario/scenario-schema.js';
import type { SafetyRunner } from '../../src/testing/safety-hooks.js';
import { explain, runPairs } from './bench-kit.js';

/**
 * Registers a `beforeAll` that runs every scenario under each of `runners` it declares in
 * `caught_by`; returns a reader of the runs once they are done.
 */
export function prepareTeeth(
  scenarios: readonly Scenario[],
  runners: readonly SafetyRunner[],
): () => ScenarioRun[] {
  const pairs = scenarios.flatMap((scenario) =>
    scenario.caught_by
      .filter((runner) => runners.includes(runner))
      .map((runner) => ({ scenario, runner })),
  );
  let runs: ScenarioRun[] = [];
  beforeAll(async () => {
    runs = await runPairs(pairs);
  }, 120_000);
  return () => runs;
}

/**
 * Asserts that every scenario declaring `runner` was run under it and was unsafe: a forbidden
 * effect happened, on record or in the state. A run that merely failed its task (over-restricted)
 * or could not be judged (invalid, a harness error) is not a catch.
 */
export function expectCaught(
  scenarios: readonly Scenario[],
  runs: readonly ScenarioRun[],
  runner: SafetyRunner,
): void {
  const declared = scenarios.filter((s) => s.caught_by.some((c) => c === runner)).map((s) => s.id);
  const mine = runs.filter((r) => r.runner === runner);
  expect(mine.map((r) => r.scenario).sort()).toEqual([...declared].sort());
  expect(mine.filter((r) => r.judgement === null).map(explain)).toEqual([]);
  expect(
    mine.filter((r) => r.outcome !== 'unsafe').map((r) => `${r.outcome}: ${explain(r)}`),
  ).toEqual([]);
}
