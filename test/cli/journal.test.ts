// The journal list and verify commands, including a journal edited behind the store's back.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import {
  countRows,
  createTempWorkspace,
  runCli,
  SEED_START,
  seedProcesses,
} from './cli-harness.js';

const asEntries = (stdout: string): JournalEntry[] => JSON.parse(stdout) as JournalEntry[];

describe('agent-libos journal list', () => {
  it('lists entries in seq order with ISO time, type, pid, actor and compact data', async () => {
    await using ws = await createTempWorkspace();
    const pids = await seedProcesses(ws.dir);
    const run = await runCli(['journal', 'list', '--limit', '1000'], { cwd: ws.dir });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEQ\s+TIME\s+TYPE\s+PID\s+ACTOR\s+DATA$/);
    expect(lines).toHaveLength(countRows(ws.dbPath).journal + 1);
    const iso = new Date(SEED_START).toISOString();
    expect(lines[1]).toMatch(
      new RegExp(
        `^1\\s+${iso}\\s+process\\.spawned\\s+${pids.parent}\\s+operator\\s+parentPid=null imageId=base imageVersion=2 goalSha256=[0-9a-f]{12}… name=parent`,
      ),
    );
    const seqs = lines.slice(1).map((line) => Number(line.split(/\s+/)[0]));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('filters by --pid, --type and --after, and stops at --limit with a pointer to the rest', async () => {
    await using ws = await createTempWorkspace();
    const pids = await seedProcesses(ws.dir);
    const kid = asEntries(
      (await runCli(['journal', 'list', '--json', '--pid', pids.kid], { cwd: ws.dir })).stdout,
    );
    expect(kid.length).toBeGreaterThan(0);
    expect(kid.every((e) => e.pid === pids.kid)).toBe(true);
    // A spawn also journals the lineage capabilities it grants; the process entries come in order.
    expect(kid.map((e) => e.type).filter((t) => t.startsWith('process.'))).toEqual([
      'process.spawned',
      'process.scheduled',
      'process.blocked',
    ]);
    expect(kid.some((e) => e.type === 'capability.granted')).toBe(true);

    const spawned = asEntries(
      (await runCli(['journal', 'list', '--json', '--type', 'process.spawned'], { cwd: ws.dir }))
        .stdout,
    );
    expect(spawned.map((e) => e.pid)).toEqual([
      pids.parent,
      pids.greedy,
      pids.done,
      pids.victim,
      pids.broken,
      pids.kid,
      pids.fresh,
    ]);

    const after = asEntries(
      (
        await runCli(
          [
            'journal',
            'list',
            '--json',
            '--type',
            'process.spawned',
            '--after',
            String(spawned[4]!.seq),
          ],
          { cwd: ws.dir },
        )
      ).stdout,
    );
    expect(after.map((e) => e.pid)).toEqual([pids.kid, pids.fresh]);

    const limited = await runCli(['journal', 'list', '--limit', '3'], { cwd: ws.dir });
    expect(limited.code).toBe(0);
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(4);
    expect(limited.stderr).toBe('more entries follow: use --after 3\n');
    const none = await runCli(['journal', 'list', '--type', 'no.such-type'], { cwd: ws.dir });
    expect(none.stdout).toBe('no journal entries\n');
  });

  it('prints whole entries, hashes included, with --json', async () => {
    await using ws = await createTempWorkspace();
    await seedProcesses(ws.dir);
    const run = await runCli(['journal', 'list', '--json', '--limit', '2'], { cwd: ws.dir });
    expect(run.stderr).toBe('');
    const entries = asEntries(run.stdout);
    expect(entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(entries[0]).toMatchObject({
      type: 'process.spawned',
      actor: 'operator',
      stream: 'local',
    });
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
  });
});

describe('agent-libos journal verify', () => {
  it('exits 0 and counts the entries of an intact journal', async () => {
    await using ws = await createTempWorkspace();
    await seedProcesses(ws.dir);
    const total = countRows(ws.dbPath).journal;
    const run = await runCli(['journal', 'verify'], { cwd: ws.dir });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      new RegExp(`^journal intact: ${total} entries, \\d+ anchors checked\n$`),
    );
    const json = await runCli(['journal', 'verify', '--json'], { cwd: ws.dir });
    const verified = JSON.parse(json.stdout) as { anchors: { checked: number; from: number } };
    expect(verified).toMatchObject({ ok: true, entries: total, warnings: [] });
    expect(verified.anchors.checked).toBeGreaterThan(0);
    expect(verified.anchors.from).toBe(0);
  });

  it('exits with JOURNAL_TAMPERED and names the seq of an edited entry', async () => {
    await using ws = await createTempWorkspace();
    await seedProcesses(ws.dir);
    const db = new Database(ws.dbPath);
    try {
      db.prepare(
        'UPDATE journal SET data_json = \'{"on":"timer","wakeAt":1}\' WHERE seq = 5',
      ).run();
    } finally {
      db.close();
    }
    const run = await runCli(['journal', 'verify'], { cwd: ws.dir });
    expect(run.code).toBe(10);
    expect(run.stdout).toMatch(/^journal tampered at seq 5: .+\n$/);
    const json = await runCli(['journal', 'verify', '--json'], { cwd: ws.dir });
    expect(json.code).toBe(10);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      entries: 4,
      seq: 5,
      problem: expect.any(String),
    });
  });

  it('reports an entry whose data is no longer JSON as tampered too', async () => {
    await using ws = await createTempWorkspace();
    await seedProcesses(ws.dir);
    const db = new Database(ws.dbPath);
    try {
      db.prepare("UPDATE journal SET data_json = '{broken' WHERE seq = 7").run();
    } finally {
      db.close();
    }
    const run = await runCli(['journal', 'verify', '--json'], { cwd: ws.dir });
    expect(run.code).toBe(10);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, seq: 7 });
  });
});
