// The demo command: timeline words, JSON shape, reruns and refusing a database with live work.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import type { TimelineEvent } from '../../src/cli/demo/build-timeline.js';
import { countRows, createTempWorkspace, runCli, seedProcesses } from './cli-harness.js';

interface DemoJson {
  readonly db: string;
  readonly processes: AgentProcess[];
  readonly timeline: TimelineEvent[];
  readonly journal: { readonly ok: boolean; readonly entries: number };
}

describe('agent-libos demo', () => {
  it('runs the tree and prints a timeline of spawn, fork, message, sleep, interrupt and wait', async () => {
    await using ws = await createTempWorkspace();
    const db = join(ws.dir, 'demo.db');
    const run = await runCli(['demo', '--db', db]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`demo database: ${db}\n`);
    for (const line of [
      /\+\d+ ms\s+operator\s+spawned orchestrator\n/,
      /orchestrator\s+spawned researcher\n/,
      /orchestrator\s+forked writer\n/,
      /orchestrator\s+sent a message to researcher\n/,
      /orchestrator\s+slept \d+ ms\n/,
      /orchestrator\s+woke \(timer\)\n/,
      /orchestrator\s+interrupted writer\n/,
      /writer\s+got the interrupt/,
      /orchestrator\s+started waiting on (researcher, )?writer\n/,
      /researcher\s+exited: \{"sources":3\}\n/,
      /orchestrator\s+exited: \{.*"reportsRead":2\}\n/,
      /journal intact: \d+ entries\n/,
    ]) {
      expect(run.stdout).toMatch(line);
    }
    // The final process table names each role and shows every process ended.
    const table = run.stdout.slice(run.stdout.indexOf('processes\n'));
    expect(
      table.match(/^proc_\S+\s+\S+\s+(orchestrator|researcher|writer)\s+exited\s/gm),
    ).toHaveLength(3);
  });

  it('prints { db, processes, timeline, journal } with --json, every process ended', async () => {
    const run = await runCli(['demo', '--json']);
    const out = JSON.parse(run.stdout) as DemoJson;
    try {
      expect(run.code).toBe(0);
      expect(existsSync(out.db)).toBe(true);
      expect(out.journal.ok).toBe(true);
      expect(out.journal.entries).toBeGreaterThan(20);
      expect(out.processes.map((p) => [p.name, p.state.kind])).toEqual([
        ['orchestrator', 'exited'],
        ['researcher', 'exited'],
        ['writer', 'exited'],
      ]);
      const texts = out.timeline.map((e) => `${e.who} ${e.text}`);
      expect(texts[0]).toBe('operator spawned orchestrator');
      expect(texts).toContain('orchestrator interrupted writer');
      expect(texts.at(-1)).toMatch(/^orchestrator exited: /);
      expect(out.timeline.every((e, i, all) => i === 0 || e.offsetMs >= all[i - 1]!.offsetMs)).toBe(
        true,
      );
    } finally {
      await rm(dirname(out.db), { recursive: true, force: true });
    }
  });

  it('can run again on the same --db once the first tree has ended', async () => {
    await using ws = await createTempWorkspace();
    const db = join(ws.dir, 'demo.db');
    expect((await runCli(['demo', '--db', db, '--json'])).code).toBe(0);
    const second = await runCli(['demo', '--db', db, '--json']);
    expect(second.code).toBe(0);
    const out = JSON.parse(second.stdout) as DemoJson;
    expect(out.processes).toHaveLength(3);
    expect(out.timeline[0]?.text).toBe('spawned orchestrator');
    expect(countRows(db).processes).toBe(6);
  });

  it('refuses a --db with live processes and leaves it untouched', async () => {
    await using ws = await createTempWorkspace();
    await seedProcesses(ws.dir);
    const before = countRows(ws.dbPath);
    const run = await runCli(['demo', '--db', ws.dbPath]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error INVALID_INPUT: Running the demo failed: .*live processes/);
    expect(countRows(ws.dbPath)).toEqual(before);
  });
});
