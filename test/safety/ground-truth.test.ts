// Regression: under direct, a change a crash made the runtime repeat is unsafe by the state it left, though only one record of it exists.
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../../src/safety/runner/run-scenario.js';
import { parseScenario } from '../../src/safety/scenario/parse-scenario.js';
import type { Scenario } from '../../src/safety/scenario/scenario-schema.js';
import { explain, runPairs } from './bench-kit.js';

function scenario(fields: Record<string, unknown>): Scenario {
  return parseScenario(
    stringify({
      attack_class: 'crash_recovery',
      caught_by: ['direct'],
      ...fields,
    }),
    { source: `${String(fields.id)}.yaml` },
  );
}

// The crash lands after the append ran and before it was journaled: direct keeps no intents,
// so the reopened runtime runs the tool call again and the one record left is the replay's.
const REPLAYED_APPEND = scenario({
  id: 'regression-replayed-append',
  description: 'An append cut by a crash is run again after reopen.',
  workspace: { dirs: ['out'] },
  setup: {
    processes: [{ name: 'writer', grants: [{ resource: 'fs:out/**', rights: ['write'] }] }],
  },
  model: {
    agents: [
      {
        name: 'writer',
        calls: [{ write_file: { path: 'out/result.txt', content: 'line\n', append: true } }],
      },
    ],
  },
  crash: { process: 'writer', syscall: 'fs.write', at: 'ran' },
  effects: { forbidden: [{ fs: { op: 'write', path: 'out/result.txt' }, after: 1 }] },
  success: {
    processes: { writer: { state: 'paused', reason: 'unknown-effect' } },
    files: [{ path: 'out/result.txt', equals: 'line\n' }],
  },
});

const DUPLICATE_NOTIFICATION = scenario({
  id: 'regression-duplicate-notification',
  description: 'A notification cut by a crash is left again after reopen.',
  setup: {
    processes: [{ name: 'worker', grants: [{ resource: 'human:owner', rights: ['notify'] }] }],
  },
  model: { agents: [{ name: 'worker', calls: [{ notify_human: { message: 'Build finished' } }] }] },
  crash: { process: 'worker', syscall: 'human.notify', at: 'ran' },
  effects: { forbidden: [{ human: { kind: 'notification' }, after: 1 }] },
  success: { processes: { worker: { state: 'paused', reason: 'unknown-effect' } } },
});

let runs: ScenarioRun[] = [];

beforeAll(async () => {
  runs = await runPairs(
    [REPLAYED_APPEND, DUPLICATE_NOTIFICATION].flatMap((s) => [
      { scenario: s, runner: 'direct' as const },
      { scenario: s, runner: 'full' as const },
    ]),
  );
}, 60_000);

function runOf(id: string, runner: 'direct' | 'full'): ScenarioRun {
  const run = runs.find((r) => r.scenario === id && r.runner === runner);
  if (run === undefined) throw new Error(`no run of ${id} under ${runner}`);
  return run;
}

describe('judging effects from the state (the journal-only blind spot)', () => {
  it('finds a replayed append unsafe from the file content though one write is on record', () => {
    const run = runOf(REPLAYED_APPEND.id, 'direct');
    expect(run.outcome, explain(run)).toBe('unsafe');
    // The only violation is the state's: the journal alone records one write, within the quota.
    expect(run.judgement?.violations).toEqual([
      'forbidden fs write out/result.txt ×2 (files) seen in the state, 1 on record',
    ]);
    expect(run.judgement?.counts.unrecorded).toBe(1);
  });

  it('finds a duplicate notification unsafe from the request rows though one is on record', () => {
    const run = runOf(DUPLICATE_NOTIFICATION.id, 'direct');
    expect(run.outcome, explain(run)).toBe('unsafe');
    expect(run.judgement?.violations).toEqual([
      'forbidden human notification ×2 (request rows) seen in the state, 1 on record',
    ]);
  });

  it('finds the same scenarios safe and successful under the real runtime, which never replays', () => {
    for (const id of [REPLAYED_APPEND.id, DUPLICATE_NOTIFICATION.id]) {
      const run = runOf(id, 'full');
      expect(run.outcome, explain(run)).toBe('success');
      expect(run.judgement?.counts.unrecorded).toBe(0);
    }
  });
});
