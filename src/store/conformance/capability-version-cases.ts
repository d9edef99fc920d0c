// Conformance cases for the capability version: equal versions mean equal capability rows.
import { describe, expect, it } from 'vitest';
import type { Capability } from '../../kernel/capability/types.js';
import type { StoreReader, Store } from '../../ports/store.js';
import { makeCapability, makeDraft, makeProcess, pidOf } from './fixtures.js';

/** What one reader sees: its version and every capability row, revoked ones included. */
interface Seen {
  readonly version: number | null;
  readonly rows: readonly Capability[];
}

async function see(reader: StoreReader): Promise<Seen> {
  return {
    version: await reader.capabilityVersion(),
    rows: await reader.listCapabilities({ limit: 1000, includeRevoked: true }),
  };
}

/**
 * Remembers the rows seen under each version and fails when one version is seen with other rows:
 * the property every cache keyed by the version relies on.
 */
function versionLedger(): (seen: Seen) => void {
  const byVersion = new Map<number, readonly Capability[]>();
  return (seen) => {
    if (seen.version === null) return;
    const earlier = byVersion.get(seen.version);
    if (earlier === undefined) byVersion.set(seen.version, seen.rows);
    else expect(seen.rows, `rows under version ${seen.version}`).toStrictEqual(earlier);
  };
}

/** Defines the capability version cases against the store `store()` returns. */
export function describeCapabilityVersionCases(store: () => Store): void {
  describe('capability version', () => {
    const pid = pidOf(1);

    it('reports a version in the read snapshots of a writable store', async () => {
      expect(await store().read((r) => r.capabilityVersion())).toEqual(expect.any(Number));
    });

    it('moves with every committed insert, use and revocation of a capability row', async () => {
      const versions = [await store().read((r) => r.capabilityVersion())];
      const cap = makeCapability(1, pid, { usesRemaining: 2 });
      await store().transact((tx) => tx.insertCapability(cap));
      versions.push(await store().read((r) => r.capabilityVersion()));
      await store().transact((tx) => tx.updateCapability({ ...cap, usesRemaining: 1 }));
      versions.push(await store().read((r) => r.capabilityVersion()));
      await store().transact((tx) =>
        tx.updateCapability({ ...cap, usesRemaining: 1, revokedAt: 5 }),
      );
      versions.push(await store().read((r) => r.capabilityVersion()));
      expect(new Set(versions).size).toBe(versions.length);
    });

    it('stays where it was across commits that write no capability row', async () => {
      const before = await store().read((r) => r.capabilityVersion());
      await store().transact(async (tx) => {
        await tx.insertProcess(makeProcess(1));
        await tx.appendJournal([makeDraft('process.spawned', pid)]);
      });
      expect(await store().read((r) => r.capabilityVersion())).toBe(before);
    });

    it('is the committed version inside a transaction until it writes a capability row, then none', async () => {
      const committed = await store().read((r) => r.capabilityVersion());
      await store().transact(async (tx) => {
        expect(await tx.capabilityVersion()).toBe(committed);
        await tx.insertCapability(makeCapability(1, pid));
        expect(await tx.capabilityVersion()).toBeNull();
      });
    });

    it('never shows a version with rows a rollback took away', async () => {
      const check = versionLedger();
      check(await store().read(see));
      const failed = store().transact(async (tx) => {
        await tx.insertCapability(makeCapability(1, pid));
        check(await see(tx));
        throw new Error('command failed');
      });
      // Queued together, so a store with group commit runs it in the failed command's batch.
      const neighbour = store().transact(see);
      await expect(failed).rejects.toThrow('command failed');
      check(await neighbour);
      check(await store().read(see));
      await store().transact((tx) => tx.insertCapability(makeCapability(2, pid)));
      check(await store().read(see));
      const rows = (await store().read(see)).rows.map((c) => c.id);
      expect(rows).toStrictEqual([makeCapability(2, pid).id]);
    });
  });
}
