// Conformance cases for information flow: taints and label rules read back exactly, replaced, cleared, rolled back.
import { describe, expect, it } from 'vitest';
import type { Taint } from '../../kernel/flow/taint.js';
import type { Store } from '../../ports/store.js';
import { pidOf } from './fixtures.js';

const SECRET: Taint = {
  sensitivity: 'secret',
  origins: ['file', 'external'],
  sources: [
    { source: 'fs:.env', sensitivity: 'secret' },
    { source: 'obj_00000001@2', sensitivity: 'internal' },
  ],
  dropped: 3,
};

/** Defines the flow cases against the store `store()` returns. */
export function describeFlowCases(store: () => Store): void {
  describe('information flow', () => {
    it('reads a taint back exactly, replaces it, and clears it', async () => {
      const pid = pidOf(1);
      expect(await store().read((r) => r.getTaint(pid))).toBeUndefined();
      await store().transact((tx) => tx.putTaint(pid, SECRET, 10));
      expect(await store().read((r) => r.getTaint(pid))).toStrictEqual(SECRET);
      const lower: Taint = { sensitivity: 'internal', origins: [], sources: [], dropped: 0 };
      await store().transact((tx) => tx.putTaint(pid, lower, 11));
      expect(await store().read((r) => r.getTaint(pid))).toStrictEqual(lower);
      expect(await store().transact((tx) => tx.deleteTaint(pid))).toBe(true);
      expect(await store().transact((tx) => tx.deleteTaint(pid))).toBe(false);
      expect(await store().read((r) => r.getTaint(pid))).toBeUndefined();
    });

    it('writes nothing of a taint when its transaction rolls back', async () => {
      const pid = pidOf(2);
      await expect(
        store().transact(async (tx) => {
          await tx.putTaint(pid, SECRET, 10);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await store().read((r) => r.getTaint(pid))).toBeUndefined();
    });

    it('lists label rules by pattern, replaces one by pattern, and removes it', async () => {
      await store().transact(async (tx) => {
        await tx.putLabelRule({
          pattern: 'fs:secrets/**',
          sensitivity: 'secret',
          onExceed: 'ask',
          createdAt: 1,
        });
        await tx.putLabelRule({
          pattern: 'fs:public/**',
          sensitivity: 'public',
          onExceed: 'deny',
          createdAt: 2,
        });
      });
      await store().transact((tx) =>
        tx.putLabelRule({
          pattern: 'fs:secrets/**',
          sensitivity: 'confidential',
          onExceed: 'deny',
          createdAt: 3,
        }),
      );
      expect(await store().read((r) => r.listLabelRules())).toStrictEqual([
        { pattern: 'fs:public/**', sensitivity: 'public', onExceed: 'deny', createdAt: 2 },
        { pattern: 'fs:secrets/**', sensitivity: 'confidential', onExceed: 'deny', createdAt: 3 },
      ]);
      expect(await store().transact((tx) => tx.deleteLabelRule('fs:public/**'))).toBe(true);
      expect(await store().transact((tx) => tx.deleteLabelRule('fs:public/**'))).toBe(false);
      expect((await store().read((r) => r.listLabelRules())).map((r) => r.pattern)).toEqual([
        'fs:secrets/**',
      ]);
    });
  });
}
