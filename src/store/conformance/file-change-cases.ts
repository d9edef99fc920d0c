// Conformance cases for file changes: seqs, paged listing by pids, the high-water mark, pruning and blob release.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../base/hash.js';
import type { ObjectId } from '../../kernel/object/types.js';
import type { FileChangeDraft } from '../../ports/file-change-store.js';
import type { Store } from '../../ports/store.js';
import { pidOf } from './fixtures.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function change(n: number, overrides: Partial<FileChangeDraft> = {}): FileChangeDraft {
  return {
    pid: pidOf(1),
    intent: null,
    callKey: `call-${n}`,
    syscall: 'fs.write',
    path: `file-${n}.txt`,
    beforeSha256: null,
    beforeMode: null,
    preImageKept: false,
    afterSha256: sha256Hex(`after-${n}`),
    at: n,
    ...overrides,
  };
}

/** Defines the file change cases against the store `store()` returns. */
export function describeFileChangeCases(store: () => Store): void {
  describe('file changes', () => {
    it('assigns increasing seqs and lists the changes of the given pids after a seq, in pages', async () => {
      expect(await store().read((r) => r.fileChangeHighWater())).toBe(0);
      const stored = await store().transact((tx) =>
        tx.insertFileChanges([
          change(1),
          change(2, { pid: pidOf(2) }),
          change(3),
          change(4, { pid: pidOf(3) }),
        ]),
      );
      const seqs = stored.map((c) => c.seq);
      expect(seqs).toStrictEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(4);
      expect(await store().read((r) => r.fileChangeHighWater())).toBe(seqs[3]);
      const pids = [pidOf(1), pidOf(2)];
      const first = await store().read((r) => r.listFileChanges({ pids, afterSeq: 0, limit: 2 }));
      expect(first.map((c) => c.path)).toStrictEqual(['file-1.txt', 'file-2.txt']);
      expect(first[0]).toStrictEqual(stored[0]);
      const next = await store().read((r) =>
        r.listFileChanges({ pids, afterSeq: first[1]!.seq, limit: 2 }),
      );
      expect(next.map((c) => c.path)).toStrictEqual(['file-3.txt']);
      expect(
        await store().read((r) => r.listFileChanges({ pids: [], afterSeq: 0, limit: 9 })),
      ).toStrictEqual([]);
    });

    it('keeps a pre-image only when its blob is stored, and writes nothing on rollback', async () => {
      const kept = sha256Hex('kept');
      const [withBlob, without] = await store().transact(async (tx) => {
        await tx.putBlob(kept, bytes('kept'));
        return tx.insertFileChanges([
          change(1, { beforeSha256: kept, beforeMode: 0o644, preImageKept: true }),
          change(2, { beforeSha256: sha256Hex('gone'), beforeMode: 0o600, preImageKept: true }),
        ]);
      });
      expect(withBlob?.preImageKept).toBe(true);
      expect(without?.preImageKept).toBe(false);
      await expect(
        store().transact(async (tx) => {
          await tx.insertFileChanges([change(3)]);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const all = await store().read((r) =>
        r.listFileChanges({ pids: [pidOf(1)], afterSeq: 0, limit: 10 }),
      );
      expect(all.map((c) => c.path)).toStrictEqual(['file-1.txt', 'file-2.txt']);
    });

    it('prunes through a seq, releasing only blobs nothing else references, and never reuses a seq', async () => {
      const [only, shared, inMemory] = ['only', 'shared', 'in-memory'].map((text) =>
        sha256Hex(text),
      );
      const stored = await store().transact(async (tx) => {
        for (const text of ['only', 'shared', 'in-memory'])
          await tx.putBlob(sha256Hex(text), bytes(text));
        await tx.insertVersion({
          objectId: 'obj_00000001' as ObjectId,
          version: 1,
          sha256: inMemory!,
          size: 9,
          labels: {
            creator: 'operator',
            origins: [],
            sensitivity: 'internal',
            sourceObjects: [],
            sourceResources: [],
          },
          createdAt: 1,
        });
        const kept = { preImageKept: true, beforeMode: 0o644 };
        return tx.insertFileChanges([
          change(1, { ...kept, beforeSha256: only! }),
          change(2, { ...kept, beforeSha256: shared! }),
          change(3, { ...kept, beforeSha256: inMemory! }),
          change(4, { ...kept, beforeSha256: shared! }),
        ]);
      });
      const mark = stored[2]!.seq;
      const first = await store().transact((tx) =>
        tx.pruneFileChanges({ throughSeq: mark, limit: 2 }),
      );
      expect(first).toStrictEqual({ rows: 2, blobs: 1 });
      const second = await store().transact((tx) =>
        tx.pruneFileChanges({ throughSeq: mark, limit: 2 }),
      );
      expect(second).toStrictEqual({ rows: 1, blobs: 0 });
      expect(
        await store().transact((tx) => tx.pruneFileChanges({ throughSeq: mark, limit: 2 })),
      ).toStrictEqual({ rows: 0, blobs: 0 });
      expect(await store().read((r) => r.getBlob(only!))).toBeUndefined();
      expect(await store().read((r) => r.getBlob(shared!))).toBeDefined();
      expect(await store().read((r) => r.getBlob(inMemory!))).toBeDefined();
      const left = await store().read((r) =>
        r.listFileChanges({ pids: [pidOf(1)], afterSeq: 0, limit: 10 }),
      );
      expect(left.map((c) => c.seq)).toStrictEqual([stored[3]!.seq]);
      await store().transact((tx) =>
        tx.pruneFileChanges({ throughSeq: stored[3]!.seq, limit: 10 }),
      );
      expect(await store().read((r) => r.getBlob(shared!))).toBeUndefined();
      expect(await store().read((r) => r.fileChangeHighWater())).toBe(stored[3]!.seq);
      const [later] = await store().transact((tx) => tx.insertFileChanges([change(5)]));
      expect(later!.seq).toBeGreaterThan(stored[3]!.seq);
    });

    it('releases a blob only when nothing references it', async () => {
      const [free, used] = ['free', 'used'].map((text) => sha256Hex(text));
      await store().transact(async (tx) => {
        await tx.putBlob(free!, bytes('free'));
        await tx.putBlob(used!, bytes('used'));
        await tx.insertFileChanges([
          change(1, { beforeSha256: used!, preImageKept: true, beforeMode: 0o644 }),
        ]);
      });
      expect(
        await store().transact((tx) => tx.releaseBlobs([free!, used!, sha256Hex('none')])),
      ).toBe(1);
      expect(await store().read((r) => r.getBlob(free!))).toBeUndefined();
      expect(await store().read((r) => r.getBlob(used!))).toBeDefined();
    });
  });
}
