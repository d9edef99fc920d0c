// Tamper evidence end to end: a real journal written through the SQLite store, edited behind its
// back with raw SQL, must fail verification at the first entry where the chain stops fitting.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import type { Pid } from '../../src/base/ids.js';
import { GENESIS_HASH, sealEntry, type JournalEntry } from '../../src/kernel/journal/entry.js';
import { verifyJournal, type JournalVerification } from '../../src/runtime/verify-journal.js';
import { fromHashColumn } from '../../src/store/sqlite/hash-column.js';
import type { JournalInsert } from '../../src/store/sqlite/journal-row.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';

const ENTRIES = 50;
const TYPES = ['process.spawned', 'syscall.completed', 'message.posted', 'effect.intended'];
const PIDS: (Pid | null)[] = [
  'proc_00000001',
  'proc_00000002',
  'proc_00000003',
  null,
] as (Pid | null)[];

/**
 * A row as stored: hashes are 32-byte blobs, a prev_hash stored empty means "the row before's
 * hash", the type and pid are ids in `journal_names`.
 */
type RawRow = JournalInsert;
/** A forged row, its type and pid by name (`insertRow` adds the names, as an attacker would). */
type ForgedRow = Omit<RawRow, 'type_id' | 'pid_id'> & { type: string; pid: string | null };

describe('journal tamper evidence', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'libos-tamper-'));
    path = join(dir, 'runtime.db');
    const clock = createManualClock(1_700_000_000_000);
    const store = await openSqliteStore({ path, clock });
    try {
      // 50 entries in 10 transactions of 5, cycling through pids (one null) and types.
      for (let t = 0; t < ENTRIES / 5; t += 1) {
        clock.advance(1_000);
        await store.transact((tx) =>
          tx.appendJournal(
            Array.from({ length: 5 }, (_, i) => {
              const n = t * 5 + i;
              const pid = PIDS[n % PIDS.length] ?? null;
              return {
                type: TYPES[n % TYPES.length]!,
                pid,
                actor: pid ?? 'runtime',
                data: { n, ok: true },
              };
            }),
          ),
        );
      }
    } finally {
      await store.close();
    }
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Edits the closed store's file directly, as an attacker with file access would. */
  function tamper(edit: (db: Database.Database) => void): void {
    const db = new Database(path);
    try {
      edit(db);
    } finally {
      db.close();
    }
  }

  function rowAt(db: Database.Database, seq: number): RawRow {
    return db.prepare<[number], RawRow>('SELECT * FROM journal WHERE seq = ?').get(seq)!;
  }

  /** A row sealed after `previous`, with a hash that is correct for its own content. */
  function forgeAfter(previous: Pick<RawRow, 'at' | 'stream' | 'hash'>, seq: number): ForgedRow {
    const entry: JournalEntry = sealEntry(
      { type: 'capability.granted', pid: null, actor: 'operator', data: { resource: 'fs:**' } },
      { seq, at: previous.at, stream: previous.stream, prevHash: fromHashColumn(previous.hash) },
    );
    return {
      seq,
      at: entry.at,
      type: entry.type,
      pid: entry.pid,
      actor: entry.actor,
      data_json: JSON.stringify(entry.data),
      stream: entry.stream,
      prev_hash: entry.prevHash,
      hash: entry.hash,
    };
  }

  function insertRow(db: Database.Database, row: ForgedRow): void {
    db.prepare('INSERT OR IGNORE INTO journal_names (name) VALUES (?)').run(row.type);
    db.prepare(
      'INSERT INTO journal (seq, at, type_id, pid_id, actor, data_json, stream, prev_hash, hash) ' +
        'VALUES (@seq, @at, (SELECT id FROM journal_names WHERE name = @type), ' +
        '(SELECT id FROM journal_names WHERE name = @pid), @actor, @data_json, @stream, @prev_hash, @hash)',
    ).run(row);
  }

  /** Verifies the file through a freshly opened read-only store. */
  async function verify(options: { pageSize?: number } = {}): Promise<JournalVerification> {
    const store = await openSqliteStore({ path, clock: createManualClock(), readonly: true });
    try {
      return await store.read((reader) => verifyJournal(reader, options));
    } finally {
      await store.close();
    }
  }

  it('verifies the intact journal, whatever the page size', async () => {
    expect(await verify()).toStrictEqual({
      ok: true,
      entries: ENTRIES,
      anchors: null,
      warnings: [],
    });
    expect(await verify({ pageSize: 7 })).toStrictEqual({
      ok: true,
      entries: ENTRIES,
      anchors: null,
      warnings: [],
    });
    expect(await verify({ pageSize: ENTRIES })).toStrictEqual({
      ok: true,
      entries: ENTRIES,
      anchors: null,
      warnings: [],
    });
  });

  it('reports an entry whose data was edited at that entry', async () => {
    tamper((db) =>
      db.prepare('UPDATE journal SET data_json = ? WHERE seq = 17').run('{"n":16,"ok":false}'),
    );
    expect(await verify({ pageSize: 7 })).toMatchObject({
      ok: false,
      seq: 17,
      entries: 16,
      problem: expect.stringContaining('edited'),
    });
  });

  it('reports an entry whose type was edited at that entry', async () => {
    tamper((db) => {
      db.prepare("INSERT INTO journal_names (name) VALUES ('syscall.denied')").run();
      db.prepare(
        "UPDATE journal SET type_id = (SELECT id FROM journal_names WHERE name = 'syscall.denied') WHERE seq = 23",
      ).run();
    });
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 23,
      problem: expect.stringContaining('edited'),
    });
  });

  it('reports an entry whose data no longer decodes at that entry', async () => {
    tamper((db) => db.prepare("UPDATE journal SET data_json = '{broken' WHERE seq = 33").run());
    expect(await verify()).toMatchObject({ ok: false, seq: 33, entries: 32 });
  });

  it('reports an edit whose author recomputed the hash at the next entry', async () => {
    tamper((db) => {
      const row = rowAt(db, 18);
      const forged = { ...forgeAfter(rowAt(db, 17), 18), at: row.at };
      db.prepare('DELETE FROM journal WHERE seq = 18').run();
      insertRow(db, forged);
    });
    // Entry 19's prevHash is derived from row 18 (stored once), so it is the hash sealed over the
    // genuine 18 that no longer fits.
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 19,
      problem: expect.stringContaining('the entry before it was replaced'),
    });
  });

  it('reports an entry deleted from the middle at the entry after it', async () => {
    tamper((db) => db.prepare('DELETE FROM journal WHERE seq = 20').run());
    expect(await verify({ pageSize: 7 })).toMatchObject({
      ok: false,
      seq: 21,
      entries: 19,
      problem: expect.stringContaining('prevHash'),
    });
  });

  it('reports the last entry deleted through the recorded head', async () => {
    tamper((db) => db.prepare('DELETE FROM journal WHERE seq = ?').run(ENTRIES));
    expect(await verify()).toMatchObject({
      ok: false,
      seq: ENTRIES,
      entries: ENTRIES - 1,
      problem: expect.stringContaining('should end at seq 50'),
    });
  });

  it('reports a truncated tail at the first missing entry', async () => {
    tamper((db) => db.prepare('DELETE FROM journal WHERE seq > 45').run());
    expect(await verify()).toMatchObject({ ok: false, seq: 46, entries: 45 });
  });

  it('reports a forged entry inserted in the middle at the genuine entry it displaced', async () => {
    tamper((db) => {
      // Shift seq 30.. up by one (via negatives, to keep the key unique), then seal a forgery at 30
      // onto entry 29 with a hash that is correct for its own content, and move the head along.
      db.prepare('UPDATE journal SET seq = -(seq + 1) WHERE seq >= 30').run();
      db.prepare('UPDATE journal SET seq = -seq WHERE seq < 0').run();
      insertRow(db, forgeAfter(rowAt(db, 29), 30));
      db.prepare('UPDATE journal_heads SET seq = seq + 1').run();
    });
    expect(await verify()).toMatchObject({
      ok: false,
      seq: 31,
      entries: 30,
      problem: expect.stringContaining('the entry before it was replaced'),
    });
  });

  it('reports a forged entry appended after the recorded head at that entry', async () => {
    tamper((db) => {
      insertRow(db, forgeAfter(rowAt(db, ENTRIES), ENTRIES + 1));
    });
    expect(await verify()).toMatchObject({
      ok: false,
      seq: ENTRIES + 1,
      entries: ENTRIES,
      problem: expect.stringContaining('inserted'),
    });
  });

  it('reports a forged entry placed before the first at that entry', async () => {
    tamper((db) => {
      const first = rowAt(db, 1);
      insertRow(db, forgeAfter({ ...first, hash: GENESIS_HASH }, 0));
    });
    expect(await verify()).toMatchObject({ ok: false, seq: 0, entries: 0 });
  });

  it('reports two entries whose contents were swapped at the first of them', async () => {
    tamper((db) => {
      const a = rowAt(db, 10);
      const b = rowAt(db, 11);
      const write = db.prepare(
        'UPDATE journal SET at = @at, type_id = @type_id, pid_id = @pid_id, actor = @actor, data_json = @data_json, ' +
          'stream = @stream, prev_hash = @prev_hash, hash = @hash WHERE seq = @target',
      );
      write.run({ ...b, target: 10 });
      write.run({ ...a, target: 11 });
    });
    expect(await verify({ pageSize: 7 })).toMatchObject({ ok: false, seq: 10, entries: 9 });
  });
});
