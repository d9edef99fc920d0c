// Compact journal rows in SQLite: 32-byte hashes, prevHash stored once, a process's own actor implied.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../base/clock.js';
import { ChainVerifier } from '../../kernel/journal/verify-chain.js';
import { makeDraft, pidOf } from '../conformance/fixtures.js';
import { openSqliteStore } from './open-sqlite-store.js';

interface Raw {
  seq: number;
  actor: string;
  prev: number;
  hash: number;
  prevType: string;
}

describe('SQLite journal rows', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'libos-journal-row-'));
    path = join(dir, 'runtime.db');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function append(stream: string, drafts: ReturnType<typeof makeDraft>[][]): Promise<void> {
    const store = await openSqliteStore({ path, clock: createManualClock(), stream });
    try {
      for (const batch of drafts) await store.transact((tx) => tx.appendJournal(batch));
    } finally {
      await store.close();
    }
  }

  function raw(): Raw[] {
    const db = new Database(path, { readonly: true });
    try {
      return db
        .prepare<[], Raw>(
          'SELECT seq, actor, length(prev_hash) AS prev, length(hash) AS hash, ' +
            'typeof(prev_hash) AS prevType FROM journal ORDER BY seq',
        )
        .all();
    } finally {
      db.close();
    }
  }

  async function readBack(): Promise<unknown> {
    const store = await openSqliteStore({ path, clock: createManualClock(), readonly: true });
    try {
      return await store.read(async (r) => {
        const entries = await r.listJournal({ limit: 100 });
        const heads = await r.journalHeads();
        const verifier = new ChainVerifier({
          recordedHeads: new Map(heads.map((h) => [h.stream, h])),
        });
        const problems = entries.map((entry) => verifier.check(entry));
        return { entries, verified: { problems, end: verifier.finish(), count: verifier.count } };
      });
    } finally {
      await store.close();
    }
  }

  it('stores 32-byte hashes, each prevHash once, and reads back the entries it returned', async () => {
    const store = await openSqliteStore({ path, clock: createManualClock() });
    const written = await (async () => {
      try {
        const first = await store.transact((tx) =>
          tx.appendJournal([makeDraft('a.one', null), makeDraft('a.two', pidOf(1))]),
        );
        const second = await store.transact((tx) =>
          tx.appendJournal([{ ...makeDraft('a.three', pidOf(1)), actor: 'operator' }]),
        );
        return [...first, ...second];
      } finally {
        await store.close();
      }
    })();
    // The first entry's prevHash (genesis) is stored; the others are the row before's hash. A
    // process's own entry leaves its actor implied by its pid.
    expect(raw()).toEqual([
      { seq: 1, actor: 'runtime', prev: 32, hash: 32, prevType: 'blob' },
      { seq: 2, actor: '', prev: 0, hash: 32, prevType: 'blob' },
      { seq: 3, actor: 'operator', prev: 0, hash: 32, prevType: 'blob' },
    ]);
    expect(await readBack()).toStrictEqual({
      entries: written,
      verified: { problems: [null, null, null], end: null, count: 3 },
    });
  });

  it('stores a prevHash whole when another stream appended the row before', async () => {
    await append('node-a', [[makeDraft('a.one', null)]]);
    await append('node-b', [[makeDraft('b.one', null), makeDraft('b.two', null)]]);
    await append('node-a', [[makeDraft('a.two', null)]]);
    expect(raw().map((r) => [r.seq, r.prev])).toEqual([
      [1, 32],
      [2, 32],
      [3, 0],
      [4, 32],
    ]);
    expect(await readBack()).toMatchObject({
      verified: { problems: [null, null, null, null], end: null },
    });
  });
});
