// The ps command: state labels, JSON records, state filters and paging past one page.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import { createSequentialIdSource } from '../../src/base/ids.js';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { openRuntime } from '../../src/open-runtime.js';
import {
  createTempWorkspace,
  LONG_GOAL,
  runCli,
  SEED_START,
  seedProcesses,
} from './cli-harness.js';

describe('agent-libos ps', () => {
  it('shows every process with its state, wait, image, truncated goal and usage', async () => {
    await using ws = await createTempWorkspace();
    const pids = await seedProcesses(ws.dir);
    const run = await runCli(['ps', '--workspace', ws.dir]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PID\s+PARENT\s+NAME\s+STATE\s+IMAGE\s+GOAL\s+USAGE q\/tc\/ch\/tok$/);
    expect(lines).toHaveLength(8);
    const rowOf = (pid: string): string => lines.find((line) => line.startsWith(pid)) ?? '';
    const wakeAt = new Date(SEED_START + 5_000).toISOString();
    expect(rowOf(pids.parent)).toContain(`waiting:child(${pids.kid})`);
    expect(rowOf(pids.kid)).toContain(`waiting:timer(${wakeAt})`);
    expect(rowOf(pids.kid)).toMatch(new RegExp(`^${pids.kid}\\s+${pids.parent}\\s+kid\\s`));
    expect(rowOf(pids.greedy)).toMatch(/\spaused:budget\s/);
    expect(rowOf(pids.done)).toMatch(/\sexited\s+research@3\s+Answer\s+1\/0\/0\/0$/);
    expect(rowOf(pids.victim)).toContain('killed:terminate');
    expect(rowOf(pids.broken)).toContain('failed:INVALID_INPUT');
    expect(rowOf(pids.fresh)).toMatch(/\srunnable\s/);
    // The goal is cut to one short cell; the full text stays available in --json.
    expect(rowOf(pids.fresh)).toContain('Summarise every chapter of the very lon…');
    expect(run.stdout).not.toContain(LONG_GOAL);
  });

  it('prints a JSON array of whole process records with --json', async () => {
    await using ws = await createTempWorkspace();
    const pids = await seedProcesses(ws.dir);
    const run = await runCli(['ps', '--json'], { cwd: ws.dir });
    expect(run.code).toBe(0);
    const processes = JSON.parse(run.stdout) as AgentProcess[];
    expect(processes.map((p) => p.pid)).toEqual(Object.values(pids).sort());
    const byPid = new Map(processes.map((p) => [p.pid, p]));
    expect(byPid.get(pids.kid)?.state).toEqual({
      kind: 'waiting',
      wait: { on: 'timer', wakeAt: SEED_START + 5_000 },
      since: SEED_START,
    });
    expect(byPid.get(pids.greedy)?.state).toMatchObject({ kind: 'paused', reason: 'budget' });
    expect(byPid.get(pids.done)?.state).toEqual({ kind: 'exited', result: { answer: 42 } });
    expect(byPid.get(pids.fresh)?.goal).toBe(LONG_GOAL);
  });

  it('filters by repeated or comma-separated --state', async () => {
    await using ws = await createTempWorkspace();
    const pids = await seedProcesses(ws.dir);
    const waitingOrPaused = await runCli(
      ['ps', '--json', '--state', 'waiting', '--state', 'paused'],
      {
        cwd: ws.dir,
      },
    );
    const shown = (JSON.parse(waitingOrPaused.stdout) as AgentProcess[]).map((p) => p.pid);
    expect(shown).toEqual([pids.parent, pids.greedy, pids.kid].sort());
    const ended = await runCli(['ps', '--state', 'exited,killed'], { cwd: ws.dir });
    expect(ended.code).toBe(0);
    expect(ended.stdout).toContain(pids.done);
    expect(ended.stdout).toContain(pids.victim);
    expect(ended.stdout).not.toContain(pids.broken);
    const none = await runCli(['ps', '--state', 'running'], { cwd: ws.dir });
    expect(none.stdout).toBe('no processes\n');
  });

  it('pages through more processes than one page holds', async () => {
    await using ws = await createTempWorkspace();
    const rt = await openRuntime({
      workspace: ws.dir,
      clock: createManualClock(),
      ids: createSequentialIdSource(),
    });
    try {
      for (let i = 0; i < 1_203; i++) await rt.spawn({ imageId: 'base', goal: `task ${i}` });
    } finally {
      await rt.close();
    }
    const run = await runCli(['ps', '--json'], { cwd: ws.dir });
    const processes = JSON.parse(run.stdout) as AgentProcess[];
    expect(processes).toHaveLength(1_203);
    expect(new Set(processes.map((p) => p.pid)).size).toBe(1_203);
    expect(processes.at(-1)?.goal).toBe('task 1202');
  });

  it('reports a missing database as NOT_FOUND without creating one', async () => {
    await using ws = await createTempWorkspace();
    const run = await runCli(['ps'], { cwd: ws.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error NOT_FOUND: .*agent-libos init/);
    const json = await runCli(['ps', '--json'], { cwd: ws.dir });
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: 'NOT_FOUND', retryable: false },
    });
    expect(existsSync(ws.dbPath)).toBe(false);
  });
});
