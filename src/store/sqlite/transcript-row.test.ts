// Tool results by reference in the SQLite transcript: stored once, read back whole, old rows kept.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../base/clock.js';
import { sha256Hex } from '../../base/hash.js';
import type { TranscriptItem } from '../../kernel/agent/types.js';
import type { Store } from '../../ports/store.js';
import { expectCode } from '../conformance/expect-code.js';
import { pidOf } from '../conformance/fixtures.js';
import { openSqliteStore } from './open-sqlite-store.js';
import { RESULT_BY_REFERENCE_BYTES } from './transcript-row.js';

const FILE = JSON.stringify({ path: 'README.md', content: 'hello world\n'.repeat(20) });

function result(id: string, content: string): TranscriptItem {
  return { kind: 'result', toolCallId: id, name: 'read_file', content, isError: false };
}

describe('SQLite transcript rows', () => {
  let dir: string;
  let path: string;
  let store: Store | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'libos-transcript-'));
    path = join(dir, 'runtime.db');
    store = await openSqliteStore({ path, clock: createManualClock() });
  });

  afterEach(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Closes the store and runs `fn` on the raw file, as another program with file access would. */
  async function onFile<T>(fn: (db: Database.Database) => T): Promise<T> {
    await store?.close();
    store = undefined;
    const db = new Database(path);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }

  async function reopen(): Promise<Store> {
    store = await openSqliteStore({ path, clock: createManualClock(), readonly: true });
    return store;
  }

  it('stores a tool result repeated across steps and processes once, each row naming it', async () => {
    await store!.transact(async (tx) => {
      for (const n of [1, 2])
        for (const id of ['c1', 'c2', 'c3'])
          await tx.appendTranscript(pidOf(n), result(id, FILE), { at: 1 });
      await tx.appendTranscript(pidOf(1), result('c4', '{"ok":true}'), { at: 1 });
    });
    const rows = await onFile((db) => ({
      blobs: db.prepare('SELECT sha256, size FROM blobs').all(),
      refs: db
        .prepare('SELECT content_sha256 AS ref, item_json FROM transcript ORDER BY pid, seq')
        .all() as { ref: string | null; item_json: string }[],
    }));
    expect(rows.blobs).toEqual([{ sha256: sha256Hex(FILE), size: Buffer.byteLength(FILE) }]);
    expect(rows.refs.map((r) => r.ref)).toEqual([
      ...Array<string>(3).fill(sha256Hex(FILE)),
      null,
      ...Array<string>(3).fill(sha256Hex(FILE)),
    ]);
    // The row keeps the item's shape with no copy of the content.
    expect(rows.refs.every((r) => !r.item_json.includes('hello world'))).toBe(true);
    const read = await (await reopen()).read((r) => r.listTranscript(pidOf(1), { limit: 10 }));
    expect(read.map((e) => e.item)).toStrictEqual([
      result('c1', FILE),
      result('c2', FILE),
      result('c3', FILE),
      result('c4', '{"ok":true}'),
    ]);
  });

  it('keeps results shorter than the threshold inline', async () => {
    const small = 'x'.repeat(RESULT_BY_REFERENCE_BYTES - 1);
    await store!.transact((tx) => tx.appendTranscript(pidOf(1), result('c1', small), { at: 1 }));
    const counts = await onFile((db) => [
      db.prepare('SELECT count(*) FROM blobs').pluck().get(),
      db.prepare('SELECT content_sha256 FROM transcript').pluck().get(),
    ]);
    expect(counts).toEqual([0, null]);
  });

  it('reads rows written before results were referenced (content inline)', async () => {
    const old = result('c1', FILE);
    await onFile((db) =>
      db
        .prepare(
          'INSERT INTO transcript (pid, seq, kind, item_json, created_at) VALUES (?, 1, ?, ?, 5)',
        )
        .run(pidOf(1), 'result', JSON.stringify(old)),
    );
    const read = await (await reopen()).read((r) => r.listTranscript(pidOf(1), { limit: 10 }));
    expect(read).toStrictEqual([{ seq: 1, item: old, createdAt: 5 }]);
  });

  it('refuses a referenced result whose content was altered or removed: STORE_CORRUPT', async () => {
    await store!.transact((tx) => tx.appendTranscript(pidOf(1), result('c1', FILE), { at: 1 }));
    await onFile((db) =>
      db.prepare('UPDATE blobs SET bytes = ?').run(Buffer.from(FILE.replace('hello', 'HELLO'))),
    );
    const altered = await expectCode(
      (await reopen()).read((r) => r.listTranscript(pidOf(1), { limit: 10 })),
      'STORE_CORRUPT',
    );
    expect(altered.message).toContain('altered');
    await onFile((db) => db.prepare('DELETE FROM blobs').run());
    const missing = await expectCode(
      (await reopen()).read((r) => r.listTranscript(pidOf(1), { limit: 10 })),
      'STORE_CORRUPT',
    );
    expect(missing.message).toContain('missing');
  });
});
