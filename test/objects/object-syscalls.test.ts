// The object.* syscalls end to end through the pipeline: create, read, update, list, delete, link.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/base/hash.js';
import { attempt, objectRuntime, once, valueOf, type Outcome } from './object-kit.js';

describe('object syscalls', () => {
  it('creates an object in the private namespace and reads it back by name and by id', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      writer: once(async (ctx) => {
        log.push(
          await attempt(ctx, 'object.create', { name: 'notes', type: 'text', content: 'hello' }),
        );
        log.push(await attempt(ctx, 'object.read', { name: 'notes' }));
        log.push(await attempt(ctx, 'object.read', { id: valueOf(log[0]).id }));
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    const created = valueOf(log[0]);
    expect(created).toMatchObject({
      namespace: `proc/${p.pid}`,
      name: 'notes',
      type: 'text',
      version: 1,
      size: 5,
      labels: { creator: p.pid, origins: ['model'], sensitivity: 'internal' },
    });
    expect(valueOf(log[1])).toMatchObject({ content: 'hello', version: 1, sha256: created.sha256 });
    expect(valueOf(log[2])).toMatchObject({ content: 'hello', id: created.id });
  });

  it('keeps every version: updates append, a given version reads back unchanged', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      writer: once(async (ctx) => {
        await attempt(ctx, 'object.create', { name: 'plan', type: 'plan', content: 'v1' });
        log.push(
          await attempt(ctx, 'object.update', { name: 'plan', content: 'v2', expectedVersion: 1 }),
        );
        log.push(
          await attempt(ctx, 'object.update', { name: 'plan', content: 'v3', expectedVersion: 2 }),
        );
        log.push(await attempt(ctx, 'object.read', { name: 'plan', version: 1 }));
        log.push(await attempt(ctx, 'object.read', { name: 'plan' }));
        log.push(await attempt(ctx, 'object.read', { name: 'plan', version: 9 }));
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    expect(valueOf(log[0])).toMatchObject({ version: 2, latestVersion: 2 });
    expect(valueOf(log[1])).toMatchObject({ version: 3 });
    expect(valueOf(log[2])).toMatchObject({ content: 'v1', version: 1, latestVersion: 3 });
    expect(valueOf(log[3])).toMatchObject({ content: 'v3', version: 3 });
    expect(log[4]).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('fails a stale update with VERSION_CONFLICT and changes nothing', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      writer: once(async (ctx) => {
        const created = valueOf(
          await attempt(ctx, 'object.create', { name: 'doc', type: 'text', content: 'base' }),
        );
        await attempt(ctx, 'object.update', { name: 'doc', content: 'mine', expectedVersion: 1 });
        log.push(
          await attempt(ctx, 'object.update', {
            id: created.id,
            content: 'stale writer',
            expectedVersion: 1,
            sensitivity: 'secret',
          }),
        );
        log.push(await attempt(ctx, 'object.read', { name: 'doc' }));
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    expect(log[0]).toMatchObject({ ok: false, code: 'VERSION_CONFLICT' });
    expect(valueOf(log[1])).toMatchObject({ content: 'mine', version: 2, latestVersion: 2 });
    const stale = await t.runtime.store.read((r) => r.getBlob(sha256Hex('stale writer')));
    expect(stale).toBeUndefined();
    expect(await blobCount(t.dbPath)).toBe(2);
    const id = valueOf(log[1]).id as string;
    const versions = await t.runtime.objects.versions(id);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const failed = await t.runtime.journal({ limit: 10, type: 'syscall.failed' });
    expect(failed.map((e) => e.data)).toEqual([
      expect.objectContaining({ syscall: 'object.update', code: 'VERSION_CONFLICT' }),
    ]);
    expect(await t.runtime.journal({ limit: 10, type: 'object.updated' })).toHaveLength(1);
  });

  it('lists a namespace a page at a time by name', async () => {
    const pages: Outcome[] = [];
    await using t = await objectRuntime({
      writer: once(async (ctx) => {
        for (const name of ['c', 'a', 'e', 'b', 'd'])
          await attempt(ctx, 'object.create', { name, type: 'note', content: name });
        pages.push(await attempt(ctx, 'object.list', { limit: 2 }));
        pages.push(await attempt(ctx, 'object.list', { limit: 2, afterName: 'b' }));
        pages.push(await attempt(ctx, 'object.list', { limit: 2, afterName: 'd' }));
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    const names = pages.map((p) => (valueOf(p).objects as { name: string }[]).map((o) => o.name));
    expect(names).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(pages.map((p) => valueOf(p).nextAfter)).toEqual(['b', 'd', null]);
  });

  it('tombstones on delete: the name is freed, the history stays readable by version', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      writer: once(async (ctx) => {
        const first = valueOf(
          await attempt(ctx, 'object.create', { name: 'draft', type: 'text', content: 'one' }),
        );
        await attempt(ctx, 'object.update', { name: 'draft', content: 'two', expectedVersion: 1 });
        log.push(await attempt(ctx, 'object.delete', { name: 'draft' }));
        log.push(await attempt(ctx, 'object.read', { name: 'draft' }));
        log.push(await attempt(ctx, 'object.read', { id: first.id }));
        log.push(await attempt(ctx, 'object.read', { id: first.id, version: 1 }));
        log.push(await attempt(ctx, 'object.read', { id: first.id, version: 2 }));
        log.push(
          await attempt(ctx, 'object.update', { id: first.id, content: 'x', expectedVersion: 2 }),
        );
        log.push(
          await attempt(ctx, 'object.create', { name: 'draft', type: 'text', content: 'new' }),
        );
        log.push(await attempt(ctx, 'object.list', {}));
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    expect(valueOf(log[0])).toMatchObject({ version: 2, deleted: true });
    expect(log[1]).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(log[2]).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(valueOf(log[3])).toMatchObject({ content: 'one', deleted: true });
    expect(valueOf(log[4])).toMatchObject({ content: 'two', deleted: true });
    expect(log[5]).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const reused = valueOf(log[6]);
    expect(reused.version).toBe(1);
    expect((valueOf(log[7]).objects as { id: string }[]).map((o) => o.id)).toEqual([reused.id]);
    const versions = await t.runtime.objects.versions(valueOf(log[3]).id as string);
    expect(versions).toHaveLength(2);
    expect(await t.runtime.journal({ limit: 10, type: 'object.deleted' })).toHaveLength(1);
  });

  it('stores equal payloads once: two objects with the same content share one blob row', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      writer: once(async (ctx) => {
        log.push(
          await attempt(ctx, 'object.create', { name: 'a', type: 'text', content: 'same bytes' }),
        );
        log.push(
          await attempt(ctx, 'object.create', { name: 'b', type: 'note', content: 'same bytes' }),
        );
        log.push(
          await attempt(ctx, 'object.update', {
            name: 'a',
            content: 'same bytes',
            expectedVersion: 1,
          }),
        );
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    const [a, b, a2] = log.map(valueOf);
    expect(a?.sha256).toBe(b?.sha256);
    expect(a2?.sha256).toBe(a?.sha256);
    const created = await t.runtime.journal({ limit: 10, type: 'object.created' });
    expect(created.map((e) => e.data.newBlob)).toEqual([true, false]);
    const count = await blobCount(t.dbPath);
    expect(count).toBe(1);
  });

  it('refuses a payload over the size limit with OUT_OF_RANGE and stores nothing', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime(
      {
        writer: once(async (ctx) => {
          log.push(
            await attempt(ctx, 'object.create', {
              name: 'big',
              type: 'text',
              content: 'x'.repeat(1025),
            }),
          );
          log.push(
            await attempt(ctx, 'object.create', {
              name: 'fits',
              type: 'text',
              content: 'x'.repeat(1024),
            }),
          );
          log.push(
            await attempt(ctx, 'object.update', {
              name: 'fits',
              content: 'y'.repeat(2000),
              expectedVersion: 1,
            }),
          );
        }),
      },
      { maxObjectBytes: 1024 },
    );
    await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    expect(log[0]).toMatchObject({ ok: false, code: 'OUT_OF_RANGE' });
    expect(log[0]?.ok === false && log[0].message).toContain('more than the limit of 1024');
    expect(valueOf(log[1]).size).toBe(1024);
    expect(log[2]).toMatchObject({ ok: false, code: 'OUT_OF_RANGE' });
    expect(await blobCount(t.dbPath)).toBe(1);
  });

  it('enforces the 16 MiB default payload limit', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      writer: once(async (ctx) => {
        log.push(
          await attempt(ctx, 'object.create', {
            name: 'huge',
            type: 'text',
            content: 'z'.repeat(16 * 1024 * 1024 + 1),
          }),
        );
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    expect(log[0]).toMatchObject({ ok: false, code: 'OUT_OF_RANGE' });
    expect(log[0]?.ok === false && log[0].message).toContain(String(16 * 1024 * 1024));
  });

  it('links a version into another name as a new object sharing the payload', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      writer: once(async (ctx) => {
        await attempt(ctx, 'object.create', { name: 'src', type: 'text', content: 'v1' });
        await attempt(ctx, 'object.update', { name: 'src', content: 'v2', expectedVersion: 1 });
        log.push(await attempt(ctx, 'object.link', { name: 'src', version: 1, toName: 'pinned' }));
        await attempt(ctx, 'object.update', { name: 'src', content: 'v3', expectedVersion: 2 });
        log.push(await attempt(ctx, 'object.read', { name: 'pinned' }));
        log.push(await attempt(ctx, 'object.link', { name: 'src', toName: 'pinned' }));
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    const linked = valueOf(log[0]);
    expect(linked).toMatchObject({ name: 'pinned', version: 1, type: 'text' });
    expect((linked.labels as { sourceObjects: string[] }).sourceObjects).toEqual([
      expect.stringMatching(/^obj_\w+@1$/),
    ]);
    expect(valueOf(log[1])).toMatchObject({ content: 'v1' });
    expect(log[2]).toMatchObject({ ok: false, code: 'ALREADY_EXISTS' });
  });

  it('refuses malformed names before any decision', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      writer: once(async (ctx) => {
        for (const name of ['a/b', '..', '*', ' padded', 'tab\there'])
          log.push(await attempt(ctx, 'object.create', { name, type: 'text', content: 'x' }));
        log.push(await attempt(ctx, 'object.read', { namespace: 'proc/../shared', name: 'x' }));
        log.push(await attempt(ctx, 'object.read', { id: 'not-an-id' }));
        log.push(
          await attempt(ctx, 'object.create', { name: 'ok', type: 'Bad Type', content: 'x' }),
        );
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    expect(log.map((o) => (o.ok ? 'ok' : o.code))).toEqual(Array(8).fill('INVALID_INPUT'));
  });
});

async function blobCount(dbPath: string): Promise<number> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
