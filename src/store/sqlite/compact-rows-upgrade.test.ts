// Migration 006 on a store written by the version before it: every old row still reads and works.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../base/clock.js';
import { sha256Hex } from '../../base/hash.js';
import type { EffectId } from '../../kernel/effect/types.js';
import { GENESIS_HASH, sealEntry, type JournalEntry } from '../../kernel/journal/entry.js';
import { ChainVerifier } from '../../kernel/journal/verify-chain.js';
import { makeDraft, pidOf } from '../conformance/fixtures.js';
import { loadMigrations, migrate, MIGRATIONS_DIRECTORY } from './migrate.js';
import { openSqliteStore } from './open-sqlite-store.js';

const KEY = sha256Hex(`${pidOf(1)}\u0000c1`);
const RESULT = {
  kind: 'result',
  toolCallId: 'c1',
  name: 'read_file',
  content: JSON.stringify({ content: 'hello world\n'.repeat(20) }),
  isError: false,
};

/** Two entries as the version before 006 stored them: hex hashes, type and pid as text. */
const OLD: JournalEntry[] = [];
OLD.push(
  sealEntry(makeDraft('process.spawned', pidOf(1)), {
    seq: 1,
    at: 1,
    stream: 'local',
    prevHash: GENESIS_HASH,
  }),
);
OLD.push(
  sealEntry(makeDraft('runtime.started', null), {
    seq: 2,
    at: 1,
    stream: 'local',
    prevHash: OLD[0]!.hash,
  }),
);

describe('migrations 006 and 007 (compact rows, journal names) over an older store', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'libos-upgrade-'));
    path = join(dir, 'runtime.db');
    // The store as the version before 006 left it: migrations 001–005 and rows in their forms.
    const before = join(dir, 'before');
    await mkdir(before);
    for (const m of loadMigrations(MIGRATIONS_DIRECTORY).filter((m) => m.version < 6))
      await copyFile(join(MIGRATIONS_DIRECTORY, m.name), join(before, m.name));
    const db = new Database(path);
    try {
      migrate(db, { now: 1, directory: before });
      const intent = db.prepare(
        'INSERT INTO effect_intents (id, pid, syscall, resource, idempotency_key, state, code, ' +
          "created_at, settled_at) VALUES (?, ?, 'fs.write', 'fs:a.txt', ?, ?, NULL, 1, NULL)",
      );
      intent.run('eff_00000001', pidOf(1), KEY, 'pending');
      intent.run('eff_00000002', pidOf(1), sha256Hex('another call'), 'committed');
      db.prepare(
        "INSERT INTO transcript (pid, seq, kind, item_json, created_at) VALUES (?, 1, 'result', ?, 1)",
      ).run(pidOf(1), JSON.stringify(RESULT));
      const journal = db.prepare(
        'INSERT INTO journal (seq, at, type, pid, actor, data_json, stream, prev_hash, hash) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const e of OLD)
        journal.run(e.seq, e.at, e.type, e.pid, e.actor, '{}', e.stream, e.prevHash, e.hash);
      db.prepare("INSERT INTO journal_heads (stream, seq, hash) VALUES ('local', 2, ?)").run(
        OLD[1]!.hash,
      );
    } finally {
      db.close();
    }
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds an old intent by its key, lists it as pending, and reads the old transcript', async () => {
    const store = await openSqliteStore({ path, clock: createManualClock() });
    try {
      const found = await store.read(async (r) => ({
        byKey: await r.findIntentByKey(KEY),
        pending: await r.listIntents({ state: 'pending', limit: 10 }),
        transcript: await r.listTranscript(pidOf(1), { limit: 10 }),
      }));
      expect(found.byKey).toMatchObject({ id: 'eff_00000001', idempotencyKey: KEY });
      expect(found.pending.map((i) => i.id)).toEqual(['eff_00000001']);
      expect(found.transcript).toStrictEqual([{ seq: 1, item: RESULT, createdAt: 1 }]);
      // Settled, it leaves the pending index; its key is still taken.
      await store.transact(async (tx) => {
        await tx.updateIntent({ ...found.byKey!, state: 'committed', settledAt: 2 });
      });
      const after = await store.read(async (r) => ({
        pending: await r.listIntents({ state: 'pending', limit: 10 }),
        committed: await r.listIntents({ state: 'committed', limit: 10 }),
        byKey: await r.getIntent('eff_00000001' as EffectId),
      }));
      expect(after.pending).toEqual([]);
      expect(after.committed.map((i) => i.id)).toEqual(['eff_00000001', 'eff_00000002']);
      expect(after.byKey).toMatchObject({ idempotencyKey: KEY, state: 'committed' });
    } finally {
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    try {
      expect(
        db.prepare('SELECT typeof(idempotency_key) FROM effect_intents').pluck().all(),
      ).toEqual(['blob', 'blob']);
    } finally {
      db.close();
    }
  });

  it('reads the old journal entries, filters them by pid and type, and continues their chain', async () => {
    const store = await openSqliteStore({ path, clock: createManualClock(9) });
    try {
      const [next] = await store.transact((tx) =>
        tx.appendJournal([makeDraft('process.yielded', pidOf(1))]),
      );
      expect(next).toMatchObject({ seq: 3, prevHash: OLD[1]!.hash });
      const read = await store.read(async (r) => ({
        all: await r.listJournal({ limit: 10 }),
        byPid: await r.listJournal({ pid: pidOf(1), limit: 10 }),
        byType: await r.listJournal({ type: 'runtime.started', limit: 10 }),
        unknown: await r.listJournal({ type: 'never.written', limit: 10 }),
        heads: await r.journalHeads(),
      }));
      expect(read.all).toStrictEqual([...OLD, next]);
      expect(read.byPid.map((e) => e.seq)).toEqual([1, 3]);
      expect(read.byType).toStrictEqual([OLD[1]]);
      expect(read.unknown).toEqual([]);
      const verifier = new ChainVerifier({
        recordedHeads: new Map(read.heads.map((h) => [h.stream, h])),
      });
      expect(read.all.map((e) => verifier.check(e))).toEqual([null, null, null]);
      expect(verifier.finish()).toBeNull();
    } finally {
      await store.close();
    }
  });
});
