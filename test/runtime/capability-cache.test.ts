// The capability cache: the same records as the store's lookups, read once per version and process.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import { lookupKeys } from '../../src/kernel/capability/match.js';
import type { AuthorityReader } from '../../src/ports/authority-store.js';
import type { StoreReader } from '../../src/ports/store.js';
import { CapabilityCache } from '../../src/runtime/authority/capability-cache.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

/** A reader that counts the capability reads that reach the store, and may hide its version. */
function counting(
  reader: StoreReader,
  options: { hideVersion?: boolean } = {},
): { reader: AuthorityReader; reads: () => number } {
  let reads = 0;
  const wrapped: AuthorityReader = Object.create(reader) as AuthorityReader;
  Object.assign(wrapped, {
    capabilityVersion: () =>
      options.hideVersion === true ? Promise.resolve(null) : reader.capabilityVersion(),
    findCapabilities: (...args: Parameters<AuthorityReader['findCapabilities']>) => {
      reads += 1;
      return reader.findCapabilities(...args);
    },
    listCapabilities: (...args: Parameters<AuthorityReader['listCapabilities']>) => {
      reads += 1;
      return reader.listCapabilities(...args);
    },
  });
  return { reader: wrapped, reads: () => reads };
}

const PATHS = ['docs/plan.md', 'docs/a/b.md', 'src/x.ts', 'other', '.'];

async function grantMix(runtime: Runtime, pid: Pid): Promise<void> {
  for (const resource of ['fs:docs/**', 'fs:docs/plan.md', 'fs:src/**', 'object:ns/shared/x/**']) {
    await runtime.grant({ subject: pid, resource, rights: 'read' });
  }
  await runtime.grant({ subject: pid, resource: 'fs:docs/a/**', rights: 'read', effect: 'deny' });
  const revoked = await runtime.grant({ subject: pid, resource: 'fs:other', rights: 'read' });
  await runtime.revoke(revoked.id);
}

const ids = (records: readonly { id: string }[]): string[] => records.map((r) => r.id).sort();

describe('CapabilityCache', () => {
  it('finds exactly the records the store’s indexed lookup finds, for every path', async () => {
    await using t = await createTempRuntime();
    const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'x' });
    await grantMix(t.runtime, pid);
    const cache = new CapabilityCache();
    await t.runtime.store.read(async (reader) => {
      for (const path of PATHS) {
        const keys = lookupKeys({ kind: 'fs', path });
        const cached = await cache.find(reader, { subject: pid, kind: 'fs', keys });
        expect(ids(cached), path).toStrictEqual(
          ids(await reader.findCapabilities(pid, 'fs', keys)),
        );
      }
      const all = await reader.listCapabilities({ subject: pid, limit: 100 });
      expect(await cache.all(reader, pid)).toStrictEqual(all);
    });
  });

  it('reads a process’s records once per version, and again after any capability write', async () => {
    await using t = await createTempRuntime();
    const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'x' });
    await grantMix(t.runtime, pid);
    const cache = new CapabilityCache();
    const keys = lookupKeys({ kind: 'fs', path: 'docs/plan.md' });
    const readsOf = (): Promise<number> =>
      t.runtime.store.read(async (r) => {
        const c = counting(r);
        await cache.find(c.reader, { subject: pid, kind: 'fs', keys });
        await cache.all(c.reader, pid);
        return c.reads();
      });
    expect(await readsOf()).toBeGreaterThan(0);
    expect(await readsOf()).toBe(0);
    const { pid: other } = await t.runtime.spawn({ imageId: 'base', goal: 'y' });
    await t.runtime.grant({ subject: other, resource: 'fs:z', rights: 'read' });
    expect(await readsOf()).toBeGreaterThan(0);
    expect(await readsOf()).toBe(0);
  });

  it('reads through, and keeps nothing, when the reader reports no version', async () => {
    await using t = await createTempRuntime();
    const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'x' });
    await grantMix(t.runtime, pid);
    const cache = new CapabilityCache();
    const keys = lookupKeys({ kind: 'fs', path: 'docs/plan.md' });
    for (let i = 0; i < 2; i += 1) {
      const reads = await t.runtime.store.read(async (r) => {
        const c = counting(r, { hideVersion: true });
        await cache.find(c.reader, { subject: pid, kind: 'fs', keys });
        return c.reads();
      });
      expect(reads).toBe(1);
    }
  });

  it('reads through for a process holding more records than it keeps, with the same results', async () => {
    await using t = await createTempRuntime();
    const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'x' });
    await grantMix(t.runtime, pid);
    const cache = new CapabilityCache({ maxRecords: 2 });
    await t.runtime.store.read(async (reader) => {
      for (const path of PATHS) {
        const keys = lookupKeys({ kind: 'fs', path });
        const c = counting(reader);
        const cached = await cache.find(c.reader, { subject: pid, kind: 'fs', keys });
        expect(ids(cached), path).toStrictEqual(
          ids(await reader.findCapabilities(pid, 'fs', keys)),
        );
        // After the first look, only the indexed lookup itself reaches the store.
        if (path !== PATHS[0]) expect(c.reads()).toBe(1);
      }
    });
  });

  it('forgets the least recently used process beyond its bound', async () => {
    await using t = await createTempRuntime();
    const pids: Pid[] = [];
    for (const goal of ['a', 'b', 'c']) {
      const { pid } = await t.runtime.spawn({ imageId: 'base', goal });
      await t.runtime.grant({ subject: pid, resource: 'fs:docs/**', rights: 'read' });
      pids.push(pid);
    }
    const cache = new CapabilityCache({ maxProcesses: 2 });
    const readsOf = (pid: Pid): Promise<number> =>
      t.runtime.store.read(async (r) => {
        const c = counting(r);
        await cache.all(c.reader, pid);
        return c.reads();
      });
    const [a, b, c] = pids as [Pid, Pid, Pid];
    await readsOf(a);
    await readsOf(b);
    expect(await readsOf(a)).toBe(0);
    await readsOf(c); // evicts b, the least recently used
    expect(await readsOf(a)).toBe(0);
    expect(await readsOf(b)).toBeGreaterThan(0);
  });

  it('forgets the least recently used processes when it holds too many records in all', async () => {
    await using t = await createTempRuntime();
    const pids: Pid[] = [];
    for (const goal of ['a', 'b']) {
      const { pid } = await t.runtime.spawn({ imageId: 'base', goal });
      await t.runtime.grant({ subject: pid, resource: 'fs:docs/**', rights: 'read' });
      await t.runtime.grant({ subject: pid, resource: 'fs:src/**', rights: 'read' });
      pids.push(pid);
    }
    const [a, b] = pids as [Pid, Pid];
    const held = (await t.runtime.capabilities({ subject: a, limit: 100 })).length;
    const cache = new CapabilityCache({ maxHeldRecords: held + 1 });
    const readsOf = (pid: Pid): Promise<number> =>
      t.runtime.store.read(async (r) => {
        const c = counting(r);
        await cache.all(c.reader, pid);
        return c.reads();
      });
    await readsOf(a);
    expect(await readsOf(a)).toBe(0);
    await readsOf(b); // both would exceed the budget: a goes
    expect(await readsOf(b)).toBe(0);
    expect(await readsOf(a)).toBeGreaterThan(0);
  });
});
