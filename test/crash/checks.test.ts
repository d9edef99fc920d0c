// The crash checks must be able to fail: each test damages a copy of a real workload store the way
// a broken runtime or store would, and expects the checks to name the damage.
import Database from 'better-sqlite3';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import { openRuntime } from '../../src/open-runtime.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { checkRows } from './check-rows.js';
import { checkSnapshot } from './check-snapshot.js';
import { readSnapshot } from './read-snapshot.js';
import { replayJournal } from './replay-journal.js';
import { createWorkloadBody, spawnRoots } from './workload-body.js';

let dir: string;
let fixture: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agent-libos-checks-'));
  fixture = join(dir, 'fixture.db');
  // Part of a workload: processes waiting on children, timers and messages, some still runnable.
  const runtime: Runtime = await openRuntime({
    db: fixture,
    body: createWorkloadBody({ seed: 7, store: () => runtime.store }),
  });
  try {
    await spawnRoots(runtime, { roots: 2 });
    await runtime.run({ maxQuanta: 150 });
  } finally {
    await runtime.close();
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A copy of the fixture store with `damage` applied through SQL. */
async function damaged(name: string, damage: (db: Database.Database) => void): Promise<string> {
  const path = join(dir, `${name}.db`);
  await copyFile(fixture, path);
  const db = new Database(path);
  try {
    damage(db);
  } finally {
    db.close();
  }
  return path;
}

function onePid(db: Database.Database, where: string): string {
  const pid = db
    .prepare<[], string>(`SELECT pid FROM processes WHERE ${where} LIMIT 1`)
    .pluck()
    .get();
  if (pid === undefined) throw new Error(`the fixture has no process where ${where}`);
  return pid;
}

describe('crash checks', () => {
  it('find nothing wrong with an undamaged workload store', async () => {
    const snapshot = await readSnapshot(await damaged('clean', () => undefined));
    expect(snapshot.processes.size).toBeGreaterThan(50);
    expect(checkSnapshot(snapshot)).toEqual([]);
  });

  it('report a row whose state the journal never committed', async () => {
    let pid = '';
    const path = await damaged('row', (db) => {
      pid = onePid(db, "state_kind = 'runnable'");
      db.prepare(
        `UPDATE processes SET state_kind = 'exited', state_json = '{"kind":"exited","result":null}' WHERE pid = ?`,
      ).run(pid);
    });
    expect(checkSnapshot(await readSnapshot(path))).toContainEqual(
      expect.stringMatching(new RegExp(`^${pid}: row is exited but the journal .* says runnable$`)),
    );
  });

  it('report a journal that lost its last committed entry', async () => {
    const path = await damaged('journal', (db) => {
      db.prepare('DELETE FROM journal WHERE seq = (SELECT max(seq) FROM journal)').run();
    });
    expect(checkSnapshot(await readSnapshot(path))).toContainEqual(
      expect.stringMatching(/^journal does not verify at seq \d+/),
    );
  });

  it('report a process still waiting on a child that has ended (a lost wake-up)', async () => {
    let parent = '';
    const path = await damaged('wake', (db) => {
      parent = onePid(db, `state_kind = 'waiting' AND state_json LIKE '%"on":"child"%'`);
      const child = onePid(db, `parent_pid = '${parent}' AND state_kind <> 'exited'`);
      db.prepare(
        `UPDATE processes SET state_kind = 'exited', state_json = '{"kind":"exited","result":null}', wake_at = NULL WHERE pid = ?`,
      ).run(child);
    });
    expect(checkRows(await readSnapshot(path))).toContainEqual(
      expect.stringMatching(new RegExp(`^${parent}: lost wake-up: waits on child`)),
    );
  });

  it('report a committed message whose row is gone', async () => {
    const path = await damaged('message', (db) => {
      db.prepare('DELETE FROM messages WHERE id = (SELECT min(id) FROM messages)').run();
    });
    expect(checkSnapshot(await readSnapshot(path))).toContainEqual(
      expect.stringMatching(/^message msg_\w+: journaled as sent but has no row$/),
    );
  });

  it('report a process claimed again while its first lease was still live', () => {
    const pid = 'proc_0000000001' as Pid;
    const entry = (seq: number, type: string, data: JournalEntry['data']): JournalEntry => ({
      seq,
      at: 0,
      type,
      pid,
      actor: 'runtime',
      data,
      stream: 'local',
      prevHash: '',
      hash: '',
    });
    const replay = replayJournal([
      entry(1, 'process.spawned', { parentPid: null }),
      entry(2, 'process.scheduled', { fence: 1, interrupts: [] }),
      entry(3, 'process.scheduled', { fence: 2, interrupts: [] }),
    ]);
    expect(replay.problems).toEqual([
      `seq 3 process.scheduled ${pid}: claimed while running: a second live lease`,
    ]);
  });
});
