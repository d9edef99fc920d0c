// The SQLite store: the shared Store conformance suite, plus what only a file-backed store has.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../base/clock.js';
import { GENESIS_HASH } from '../../kernel/journal/entry.js';
import type { Store } from '../../ports/store.js';
import { ChainVerifier } from '../../kernel/journal/verify-chain.js';
import { expectCode } from '../conformance/expect-code.js';
import {
  makeCapability,
  makeDraft,
  makeProcess,
  nextVersion,
  pidOf,
} from '../conformance/fixtures.js';
import { describeStoreConformance } from '../conformance/store-conformance.js';
import { loadMigrations, MIGRATIONS_DIRECTORY } from './migrate.js';
import { openConnection } from './open-connection.js';
import { openSqliteStore } from './open-sqlite-store.js';

/** Feeds the whole journal and its recorded heads to the kernel's chain verifier. */
async function verify(store: Store): Promise<{ entries: number; problem: unknown }> {
  return store.read(async (r) => {
    const heads = await r.journalHeads();
    const verifier = new ChainVerifier({ recordedHeads: new Map(heads.map((h) => [h.stream, h])) });
    for (const entry of await r.listJournal({ limit: 10_000 })) {
      const problem = verifier.check(entry);
      if (problem !== null) return { entries: verifier.count, problem };
    }
    return { entries: verifier.count, problem: verifier.finish() };
  });
}

describeStoreConformance('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'libos-store-'));
  const store = await openSqliteStore({
    path: join(dir, 'runtime.db'),
    clock: createManualClock(),
  });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describeStoreConformance('sqlite in memory', async () => {
  const store = await openSqliteStore({ path: ':memory:', clock: createManualClock() });
  return { store, cleanup: () => store.close() };
});

describe('SQLite store files', () => {
  let dir: string;
  let path: string;
  const opened: Store[] = [];
  const clock = createManualClock(1_000);

  async function open(options: { stream?: string; readonly?: boolean } = {}): Promise<Store> {
    const store = await openSqliteStore({ path, clock, ...options });
    opened.push(store);
    return store;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'libos-store-'));
    path = join(dir, 'nested', 'dir', 'runtime.db');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('commits concurrent commands together while a failing one leaves nothing behind', async () => {
    const store = await open();
    // 60 commands issued at once share group commits; every fifth throws after writing.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        store.transact(async (tx) => {
          await tx.insertProcess(makeProcess(i + 1));
          await tx.appendJournal([makeDraft('process.spawned', pidOf(i + 1))]);
          if (i % 5 === 4) throw new Error(`command ${i} fails`);
          return i;
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(12);
    const rows = await store.read((r) => r.listProcesses({ limit: 100 }));
    expect(rows.map((p) => p.pid)).toEqual(
      Array.from({ length: 60 }, (_, i) => i)
        .filter((i) => i % 5 !== 4)
        .map((i) => pidOf(i + 1)),
    );
    const entries = await store.read((r) => r.listJournal({ limit: 100 }));
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    const verifier = new ChainVerifier({
      recordedHeads: new Map((await store.read((r) => r.journalHeads())).map((h) => [h.stream, h])),
    });
    for (const entry of entries) expect(verifier.check(entry)).toBeNull();
    expect(verifier.finish()).toBeNull();
  });

  it('reads the capability version of its own snapshot when a commit lands before its first read', async () => {
    const store = await open();
    const before = await store.read((r) => r.capabilityVersion());
    const seen = await store.read(async (r) => {
      // The commit lands after BEGIN but before this read's first statement of its own.
      await store.transact((tx) => tx.insertCapability(makeCapability(1, pidOf(1))));
      return {
        version: await r.capabilityVersion(),
        rows: await r.listCapabilities({ limit: 10 }),
      };
    });
    expect(seen).toStrictEqual({ version: before, rows: [] });
    const after = await store.read(async (r) => ({
      version: await r.capabilityVersion(),
      rows: (await r.listCapabilities({ limit: 10 })).map((c) => c.id),
    }));
    expect(after.version).not.toBe(before);
    expect(after.rows).toStrictEqual([makeCapability(1, pidOf(1)).id]);
  });

  it('reports no capability version on a read-only handle: another process writes', async () => {
    await open();
    const reader = await open({ readonly: true });
    expect(await reader.read((r) => r.capabilityVersion())).toBeNull();
  });

  it('creates the parent directory and records the applied migration', async () => {
    const store = await open();
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      const shipped = loadMigrations(MIGRATIONS_DIRECTORY);
      expect(shipped[0]?.name).toBe('001-init.sql');
      expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toStrictEqual(
        shipped.map(({ version, name }) => ({ version, name })),
      );
    } finally {
      db.close();
    }
  });

  it('continues the journal chain after reopening', async () => {
    const first = await open();
    const [a] = await first.transact((tx) => tx.appendJournal([makeDraft('a.happened', null)]));
    await first.close();
    const second = await open();
    const [b] = await second.transact((tx) => tx.appendJournal([makeDraft('b.happened', null)]));
    expect(b).toMatchObject({ seq: a!.seq + 1, prevHash: a!.hash, stream: 'local', at: 1_000 });
    expect(await verify(second)).toStrictEqual({ entries: 2, problem: null });
  });

  it('keeps one chain and one head per writer stream', async () => {
    const nodeA = await open({ stream: 'node-a' });
    await nodeA.transact((tx) =>
      tx.appendJournal([makeDraft('a.one', null), makeDraft('a.two', null)]),
    );
    await nodeA.close();
    const nodeB = await open({ stream: 'node-b' });
    const [b] = await nodeB.transact((tx) => tx.appendJournal([makeDraft('b.one', null)]));
    expect(b).toMatchObject({ seq: 3, prevHash: GENESIS_HASH, stream: 'node-b' });
    const heads = await nodeB.read((r) => r.journalHeads());
    expect(heads.map((h) => [h.stream, h.seq])).toStrictEqual([
      ['node-a', 2],
      ['node-b', 3],
    ]);
    expect(await verify(nodeB)).toStrictEqual({ entries: 3, problem: null });
  });

  it('refuses a second writer in the same process until the first closes', async () => {
    const first = await open();
    const error = await expectCode(open(), 'STORE_LOCKED');
    expect(error.message).toMatch(
      /^Opening the store for writing failed: another runtime holds the writer lock \/\S+\/runtime\.db-writer\.lock: this very process \(\d+, since [^)]+\), which already has the store open for writing; close that store first$/,
    );
    expect(error.details).toStrictEqual({ ownerPid: process.pid, isOwnerAlive: true });
    await first.close();
    await expect(open()).resolves.toMatchObject({ writable: true });
  });

  it('reads committed data read-only while the writer runs, and refuses writes', async () => {
    const writer = await open();
    const reader = await open({ readonly: true });
    expect(reader).toMatchObject({ writable: false, dialect: 'sqlite' });
    await writer.transact((tx) => tx.insertProcess(makeProcess(1)));
    expect(await reader.read((r) => r.getProcess(pidOf(1)))).toStrictEqual(makeProcess(1));
    await expectCode(
      reader.transact((tx) => tx.insertProcess(makeProcess(2))),
      'NOT_PERMITTED',
    );
  });

  it('refuses a read-only open of a missing file without creating it', async () => {
    const error = await expectCode(open({ readonly: true }), 'NOT_FOUND');
    expect(error.message).toBe(
      'Opening the store read-only failed: the database file does not exist',
    );
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a file that is not a database', async () => {
    const junk = join(dir, 'junk.db');
    await writeFile(junk, 'this is not a database, it is a text file of some length '.repeat(40));
    await expectCode(openSqliteStore({ path: junk, clock }), 'STORE_CORRUPT');
    await expectCode(openSqliteStore({ path: junk, clock, readonly: true }), 'STORE_CORRUPT');
    // The failed writable open released its lock.
    await expect(
      openSqliteStore({ path: join(dir, 'ok.db'), clock }).then((s) => s.close()),
    ).resolves.toBeUndefined();
  });

  it('gives each read one snapshot even when a transaction commits during it', async () => {
    const store = await open();
    const p = makeProcess(1);
    await store.transact((tx) => tx.insertProcess(p));
    const seen = await store.read(async (r) => {
      const before = await r.getProcess(p.pid);
      await store.transact((tx) => tx.updateProcess(nextVersion(p, { goal: 'changed' })));
      const after = await r.getProcess(p.pid);
      return [before?.goal, after?.goal];
    });
    expect(seen).toStrictEqual(['goal 1', 'goal 1']);
    expect((await store.read((r) => r.getProcess(p.pid)))?.goal).toBe('changed');
  });

  it('closes idempotently after running transactions finish, then refuses work', async () => {
    const store = await open();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const running = store.transact(async (tx) => {
      await gate;
      await tx.insertProcess(makeProcess(1));
    });
    const closing = store.close();
    release();
    await running;
    await Promise.all([closing, store.close()]);
    await expectCode(
      store.transact(() => Promise.resolve()),
      'CANCELLED',
    );
    await expectCode(
      store.read(() => Promise.resolve()),
      'CANCELLED',
    );
    const reader = await open({ readonly: true });
    expect(await reader.read((r) => r.getProcess(pidOf(1)))).toStrictEqual(makeProcess(1));
  });

  it('uses synchronous=NORMAL by default and FULL for fsync durability, in WAL mode', async () => {
    await (await open()).close();
    for (const [durability, expected] of [
      ['normal', 1],
      ['fsync', 2],
    ] as const) {
      const db = openConnection(path, { readonly: false, durability });
      try {
        expect(db.pragma('synchronous', { simple: true })).toBe(expected);
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        db.close();
      }
    }
    const store = await openSqliteStore({ path, clock, durability: 'fsync' });
    opened.push(store);
    await store.transact((tx) => tx.insertProcess(makeProcess(1)));
  });
});
