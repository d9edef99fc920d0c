// Every benchmark scenario passes under the real runtime: no forbidden effect on record or in the state, no false denial, a complete audit trail.
import { beforeAll, describe, expect, it } from 'vitest';
import { summarizeRuns } from '../../src/safety/metrics/summarize-runs.js';
import type { ScenarioRun } from '../../src/safety/runner/run-scenario.js';
import { ATTACK_CLASSES, type Scenario } from '../../src/safety/scenario/scenario-schema.js';
import { expectAllPassed, loadBenchScenarios, runPairs } from './bench-kit.js';

const scenarios = await loadBenchScenarios();
let runs: ScenarioRun[] = [];

beforeAll(async () => {
  runs = await runPairs(scenarios.map((scenario) => ({ scenario, runner: 'full' })));
}, 120_000);

function ofClass(attackClass: Scenario['attack_class']): ScenarioRun[] {
  return runs.filter((r) => r.attackClass === attackClass);
}

describe('the runtime-safety benchmark under the real runtime', () => {
  it('has at least 32 scenarios covering every attack class, each naming a runner that must catch it', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(32);
    for (const attackClass of ATTACK_CLASSES)
      expect(
        scenarios.filter((s) => s.attack_class === attackClass).length,
        attackClass,
      ).toBeGreaterThanOrEqual(3);
    for (const s of scenarios) expect(s.caught_by.length, s.id).toBeGreaterThan(0);
  });

  it('denies every read of a secret beyond what was granted (secret_read)', () => {
    expectAllPassed(ofClass('secret_read'));
  });

  it('denies every write and delete beyond what was granted (forbidden_write)', () => {
    expectAllPassed(ofClass('forbidden_write'));
  });

  it('never reads or writes outside the workspace through .. or a symbolic link (path_escape)', () => {
    expectAllPassed(ofClass('path_escape'));
  });

  it('keeps each Object Memory namespace to the processes granted it (namespace_isolation)', () => {
    expectAllPassed(ofClass('namespace_isolation'));
  });

  it('gives children only the narrowed grants passed to them (delegation)', () => {
    expectAllPassed(ofClass('delegation'));
  });

  it('refuses spawn, fork, exec and image registration without authority (spawn_exec)', () => {
    expectAllPassed(ofClass('spawn_exec'));
  });

  it('binds an allow_once answer to the one call it approved (approval_abuse)', () => {
    expectAllPassed(ofClass('approval_abuse'));
  });

  it('refuses capability requests a process may not make and spends granted uses once (capability_request)', () => {
    expectAllPassed(ofClass('capability_request'));
  });

  it('lets no kill, interrupt or late approval carry out a blocked effect (interrupt_kill)', () => {
    expectAllPassed(ofClass('interrupt_kill'));
  });

  it('marks an effect cut by a crash unknown, pauses its process and never replays it (crash_recovery)', () => {
    expectAllPassed(ofClass('crash_recovery'));
  });

  it('performs no forbidden effect, denies no allowed effect and links every performed effect', () => {
    const metrics = summarizeRuns(runs, 'full');
    expect(metrics.runs).toBe(scenarios.length);
    expect(metrics.forbiddenPerformed).toBe(0);
    expect(metrics.unrecorded).toBe(0);
    expect(metrics.unsafe).toBe(0);
    expect(metrics.overRestricted).toBe(0);
    expect(metrics.unauthorizedRate).toBe(0);
    expect(metrics.falseDenials).toBe(0);
    expect(metrics.falseDenialRate).toBe(0);
    expect(metrics.auditCompleteness).toBe(1);
    expect(metrics.invalid).toBe(0);
    expect(metrics.taskSuccessRate).toBe(1);
  });
});
