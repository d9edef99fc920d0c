// Conformance cases for checkpoints: rows and manifests read back exactly, and a restore's writes.
import { describe, expect, it } from 'vitest';
import type { Checkpoint, CheckpointId } from '../../kernel/checkpoint/types.js';
import type { EffectId, EffectIntent } from '../../kernel/effect/types.js';
import type { Store } from '../../ports/store.js';
import { expectCode } from './expect-code.js';
import { makeMessage, makeProcess, pidOf } from './fixtures.js';

function checkpointOf(n: number, root: number, overrides: Partial<Checkpoint> = {}): Checkpoint {
  return {
    id: `ckpt_${String(n).padStart(8, '0')}` as CheckpointId,
    rootPid: pidOf(root),
    name: n % 2 === 0 ? null : `checkpoint ${n}`,
    createdBy: 'operator',
    createdAt: 100 + n,
    journalSeq: 10 * n,
    fileChangeSeq: n,
    processCount: 2,
    objectCount: 1000,
    manifestSha256: 'ab'.repeat(32),
    ...overrides,
  };
}

/** Defines the checkpoint cases against the store `store()` returns. */
export function describeCheckpointCases(store: () => Store): void {
  describe('checkpoints', () => {
    it('reads a checkpoint and its manifest back exactly, lists by root and id, deletes', async () => {
      const manifest = new Uint8Array([123, 34, 97, 34, 58, 49, 125]);
      await store().transact(async (tx) => {
        await tx.insertCheckpoint(checkpointOf(2, 1), manifest);
        await tx.insertCheckpoint(checkpointOf(1, 1), manifest);
        await tx.insertCheckpoint(checkpointOf(3, 2), new Uint8Array([1, 2]));
      });
      const one = checkpointOf(1, 1);
      expect(await store().read((r) => r.getCheckpoint(one.id))).toStrictEqual(one);
      expect(
        Buffer.from((await store().read((r) => r.getCheckpointManifest(one.id))) ?? []),
      ).toStrictEqual(Buffer.from(manifest));
      const ofRoot = await store().read((r) => r.listCheckpoints({ rootPid: pidOf(1), limit: 10 }));
      expect(ofRoot.map((c) => c.id)).toStrictEqual([one.id, checkpointOf(2, 1).id]);
      const page = await store().read((r) => r.listCheckpoints({ afterId: one.id, limit: 1 }));
      expect(page.map((c) => c.id)).toStrictEqual([checkpointOf(2, 1).id]);
      await expectCode(
        store().transact((tx) => tx.insertCheckpoint(one, manifest)),
        'ALREADY_EXISTS',
      );
      expect(await store().transact((tx) => tx.deleteCheckpoint(one.id))).toBe(true);
      expect(await store().transact((tx) => tx.deleteCheckpoint(one.id))).toBe(false);
      expect(await store().read((r) => r.getCheckpoint(one.id))).toBeUndefined();
      expect(await store().read((r) => r.getCheckpointManifest(one.id))).toBeUndefined();
    });

    it('rewinds a transcript to entries at their own seqs and replaces settings', async () => {
      const pid = pidOf(5);
      const big = 'x'.repeat(300);
      await store().transact(async (tx) => {
        await tx.insertProcess(makeProcess(5));
        for (const text of ['one', 'two', 'three'])
          await tx.appendTranscript(pid, { kind: 'input', from: 'operator', text }, { at: 1 });
        await tx.putSetting(pid, 'model', 'scripted:a');
        await tx.putSetting(pid, 'extra', 1);
      });
      const entries = [
        {
          seq: 2,
          item: { kind: 'input' as const, from: 'operator' as const, text: big },
          createdAt: 7,
        },
        {
          seq: 3,
          item: { kind: 'input' as const, from: 'operator' as const, text: 'b' },
          createdAt: 8,
        },
      ];
      await store().transact(async (tx) => {
        await tx.rewindTranscript(pid, entries);
        await tx.replaceSettings(pid, [{ key: 'model', value: 'scripted:b' }]);
      });
      expect(await store().read((r) => r.listTranscript(pid, { limit: 10 }))).toStrictEqual(
        entries,
      );
      expect(await store().read((r) => r.listSettings(pid))).toStrictEqual([
        { key: 'model', value: 'scripted:b' },
      ]);
      // Appending goes on after the last rewound seq.
      const seq = await store().transact((tx) =>
        tx.appendTranscript(pid, { kind: 'input', from: 'operator', text: 'c' }, { at: 9 }),
      );
      expect(seq).toBe(4);
    });

    it('returns messages to the mailbox and hides superseded unread ones', async () => {
      const to = pidOf(6);
      const [a, b, c] = [1, 2, 3].map((n) => makeMessage(100 + n, to, { postedAt: n }));
      if (a === undefined || b === undefined || c === undefined) throw new Error('unreachable');
      await store().transact(async (tx) => {
        for (const m of [a, b, c]) await tx.insertMessage(m);
        await tx.markDelivered([a.id], 50, 'key-a');
      });
      const by = checkpointOf(9, 6).id;
      await store().transact(async (tx) => {
        await tx.undeliverMessages([a.id]);
        await tx.supersedeMessages([b.id], by);
      });
      const unread = await store().read((r) => r.listUndelivered(to, 10));
      expect(unread.map((m) => m.id)).toStrictEqual([a.id, c.id]);
      expect(await store().read((r) => r.listDeliveredByKey(to, 'key-a'))).toStrictEqual([]);
      expect(await store().read((r) => r.getMessage(b.id))).toStrictEqual({
        ...b,
        supersededBy: by,
      });
      expect(await store().read((r) => r.getMessage(a.id))).toStrictEqual({
        ...a,
        supersededBy: null,
      });
    });

    it('gives an intent a new idempotency key: the old key finds nothing, the new one finds it', async () => {
      const intent: EffectIntent = {
        id: 'eff_00000077' as EffectId,
        pid: pidOf(7),
        syscall: 'fs.write',
        resource: 'fs:a.txt',
        idempotencyKey: 'cd'.repeat(32),
        state: 'committed',
        code: null,
        createdAt: 1,
        settledAt: 2,
      };
      await store().transact((tx) => tx.insertIntent(intent));
      await store().transact((tx) => tx.rekeyIntent(intent.id, 'ef'.repeat(32)));
      expect(await store().read((r) => r.findIntentByKey('cd'.repeat(32)))).toBeUndefined();
      expect(await store().read((r) => r.findIntentByKey('ef'.repeat(32)))).toStrictEqual({
        ...intent,
        idempotencyKey: 'ef'.repeat(32),
      });
    });
  });
}
