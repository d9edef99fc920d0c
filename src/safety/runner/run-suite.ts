// Runs scenarios under runners with bounded parallelism, all under one root directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SafetyRunner } from '../../testing/safety-hooks.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { runScenario, type ScenarioRun } from './run-scenario.js';

/** One scenario to run under one runner. */
export interface RunJob {
  readonly scenario: Scenario;
  readonly runner: SafetyRunner;
}

/**
 * Runs every job, at most `concurrency` at once (default 4), each in its own directory under one
 * temporary root that is removed at the end. Results come back in job order.
 * @example
 * const runs = await runSuite(scenarios.map((scenario) => ({ scenario, runner: 'full' })));
 */
export async function runSuite(
  jobs: readonly RunJob[],
  options: { readonly concurrency?: number; readonly root?: string } = {},
): Promise<ScenarioRun[]> {
  const root = await mkdtemp(join(options.root ?? tmpdir(), 'agent-libos-safety-'));
  const results: ScenarioRun[] = new Array<ScenarioRun>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < jobs.length; i = next++) {
      const job = jobs[i];
      if (job !== undefined) results[i] = await runScenario(job.scenario, job.runner, { root });
    }
  };
  try {
    const workers = Math.max(1, Math.min(options.concurrency ?? 4, jobs.length));
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return results;
}
