// CallFileLog against a real SQLite store: kept pre-images live exactly as long as a change names them.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import { sha256Hex } from '../../src/base/hash.js';
import type { Pid } from '../../src/base/ids.js';
import type { EffectId } from '../../src/kernel/effect/types.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { CallFileLog } from '../../src/runtime/workspace/call-file-log.js';
import type { CheckpointId } from '../../src/kernel/checkpoint/types.js';
import type { Store } from '../../src/ports/store.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const call = {
  pid: 'proc_00000001' as Pid,
  callKey: 'key-1',
  spec: { name: 'fs.write' },
  authorized: { intent: { id: 'eff_00000001' as EffectId } },
};

/** A store holding one checkpoint: while one exists, file changes are kept. */
async function storeWithCheckpoint(): Promise<Store> {
  const store = await openSqliteStore({ path: ':memory:', clock: createManualClock() });
  await store.transact((tx) =>
    tx.insertCheckpoint(
      {
        id: 'ckpt_00000001' as CheckpointId,
        rootPid: call.pid,
        name: null,
        createdBy: 'operator',
        createdAt: 0,
        journalSeq: 0,
        fileChangeSeq: 0,
        processCount: 1,
        objectCount: 0,
        manifestSha256: sha256Hex('manifest'),
      },
      bytes('{}'),
    ),
  );
  return store;
}

describe('CallFileLog', () => {
  it('writes the recorded changes with the call and keeps the blobs they name', async () => {
    const store = await storeWithCheckpoint();
    try {
      const log = new CallFileLog(store, call);
      const sha256 = await log.keep(bytes('before'));
      expect(sha256).toBe(sha256Hex('before'));
      log.record({
        path: 'a.txt',
        beforeSha256: sha256,
        beforeMode: 0o644,
        preImageKept: true,
        afterSha256: sha256Hex('after'),
      });
      await store.transact((tx) => log.write(tx, 7));
      const [change] = await store.read((r) =>
        r.listFileChanges({ pids: [call.pid], afterSeq: 0, limit: 5 }),
      );
      expect(change).toMatchObject({
        pid: call.pid,
        intent: 'eff_00000001',
        callKey: 'key-1',
        syscall: 'fs.write',
        at: 7,
        preImageKept: true,
      });
      expect(await store.read((r) => r.getBlob(sha256))).toStrictEqual(Buffer.from('before'));
    } finally {
      await store.close();
    }
  });

  it('keeps nothing while no checkpoint exists: no checkpoint can ever need the change', async () => {
    const store = await openSqliteStore({ path: ':memory:', clock: createManualClock() });
    try {
      const log = new CallFileLog(store, call);
      const sha256 = await log.keep(bytes('before'));
      log.record({
        path: 'a.txt',
        beforeSha256: sha256,
        beforeMode: 0o644,
        preImageKept: true,
        afterSha256: sha256Hex('after'),
      });
      await store.transact((tx) => log.write(tx, 7));
      expect(await store.read((r) => r.fileChangeHighWater())).toBe(0);
      expect(await store.read((r) => r.getBlob(sha256))).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('releases what it kept when the call recorded no change (its effect never began)', async () => {
    const store = await storeWithCheckpoint();
    try {
      const log = new CallFileLog(store, call);
      const sha256 = await log.keep(bytes('never used'));
      expect(await store.read((r) => r.getBlob(sha256))).toBeDefined();
      await store.transact((tx) => log.write(tx, 1));
      expect(await store.read((r) => r.getBlob(sha256))).toBeUndefined();
      expect(await store.read((r) => r.fileChangeHighWater())).toBe(0);
    } finally {
      await store.close();
    }
  });
});
