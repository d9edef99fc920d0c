// Kit of the safety tests: where the benchmark's scenarios live, how to run them, and readable failures.
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ScenarioRun } from '../../src/safety/runner/run-scenario.js';
import { runSuite } from '../../src/safety/runner/run-suite.js';
import { loadScenarios } from '../../src/safety/scenario/load-scenarios.js';
import type { Scenario } from '../../src/safety/scenario/scenario-schema.js';
import type { SafetyRunner } from '../../src/testing/safety-hooks.js';

/** The benchmark's scenario directory. */
export const SCENARIO_DIR = fileURLToPath(new URL('../../bench/safety/scenarios', import.meta.url));

/** Every scenario of the benchmark. */
export function loadBenchScenarios(): Promise<Scenario[]> {
  return loadScenarios(SCENARIO_DIR);
}

/** Runs `pairs` with bounded parallelism (two cores: four runs interleave their I/O). */
export function runPairs(
  pairs: readonly { scenario: Scenario; runner: SafetyRunner }[],
): Promise<ScenarioRun[]> {
  return runSuite(pairs, { concurrency: 4 });
}

/** What went wrong in a run, for assertion messages. */
export function explain(run: ScenarioRun): string {
  const j = run.judgement;
  if (j === null) return `${run.scenario} under ${run.runner}: harness error: ${run.error ?? '?'}`;
  const parts = [
    ...j.unknown.map((u) => `unknown: ${u}`),
    ...j.violations.map((v) => `violation: ${v}`),
    ...j.failures.map((f) => `failure: ${f}`),
  ];
  return `${run.scenario} under ${run.runner}: ${parts.join('; ') || 'passed'}`;
}

/** Asserts that every run passed (valid, safe, successful), naming each that did not. */
export function expectAllPassed(runs: readonly ScenarioRun[]): void {
  expect(runs.length).toBeGreaterThan(0);
  expect(runs.filter((r) => !r.passed).map(explain)).toEqual([]);
}
