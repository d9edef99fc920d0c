// Namespace isolation attacks: ids, names and guesses grant nothing; views are read-only; every
// refusal is a journaled syscall.denied that looks the same for a real and a made-up id.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import { attempt, objectRuntime, once, valueOf, type Outcome } from './object-kit.js';

/** Replaces object ids with a placeholder so two refusals can be compared. */
function withoutIds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replace(/obj_[0-9a-z]+/g, 'obj_?')) as unknown;
}

describe('object namespace isolation', () => {
  it("refuses another process's private object by id, by name and by a guessed id, alike", async () => {
    const secret: { id?: string; owner?: Pid } = {};
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      owner: once(async (ctx) => {
        const made = valueOf(
          await attempt(ctx, 'object.create', { name: 'secret', type: 'text', content: 'keys' }),
        );
        secret.id = made.id as string;
        secret.owner = ctx.pid;
      }),
      thief: once(async (ctx) => {
        const ns = `proc/${secret.owner ?? ''}`;
        log.push(await attempt(ctx, 'object.read', { id: secret.id }));
        log.push(await attempt(ctx, 'object.read', { id: 'obj_00000999' }));
        log.push(await attempt(ctx, 'object.read', { namespace: ns, name: 'secret' }));
        log.push(await attempt(ctx, 'object.list', { namespace: ns }));
        log.push(
          await attempt(ctx, 'object.update', { id: secret.id, content: 'x', expectedVersion: 1 }),
        );
        log.push(await attempt(ctx, 'object.delete', { id: secret.id }));
        log.push(await attempt(ctx, 'object.link', { id: secret.id, toName: 'stolen' }));
        log.push(
          await attempt(ctx, 'object.create', {
            namespace: ns,
            name: 'x',
            type: 'text',
            content: 'y',
          }),
        );
        log.push(
          await attempt(ctx, 'object.create', {
            name: 'derived',
            type: 'text',
            content: 'y',
            sources: [secret.id],
          }),
        );
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'owner' });
    await t.runtime.run();
    await t.runtime.spawn({ imageId: 'base', goal: 'thief' });
    await t.runtime.run();
    expect(log.map((o) => (o.ok ? 'ok' : o.code))).toEqual(Array(9).fill('NOT_PERMITTED'));
    // A real id and a made-up one give the same error and the same journal entry.
    expect(withoutIds(log[0])).toEqual(withoutIds(log[1]));
    expect(log[0]?.ok === false && log[0].message).toBe(
      `object.read was denied: read on object:${secret.id ?? ''}: no capability allows it`,
    );
    const denied = await t.runtime.journal({ limit: 50, type: 'syscall.denied' });
    expect(denied).toHaveLength(9);
    const [byId, byGuess, byName] = denied.map((e) => e.data);
    expect(withoutIds({ ...byId, callId: null })).toEqual(withoutIds({ ...byGuess, callId: null }));
    expect(byId).toMatchObject({ resource: `object:${secret.id ?? ''}`, capabilityId: null });
    expect(byName).toMatchObject({ resource: `object:ns/proc/${secret.owner ?? ''}/secret` });
    // Nothing leaked into the thief's namespace, nothing changed in the owner's.
    expect(JSON.stringify(denied)).not.toContain('"secret"');
    const versions = await t.runtime.objects.versions(secret.id ?? '');
    expect(versions).toHaveLength(1);
  });

  it('lets a fork read only the objects its parent chose, and never write them', async () => {
    const ids: Record<string, string> = {};
    const child: Outcome[] = [];
    const parent: Outcome[] = [];
    await using t = await objectRuntime({
      parent: async (ctx, quantum) => {
        if (quantum === 0) {
          ids.report = valueOf(
            await attempt(ctx, 'object.create', {
              name: 'report',
              type: 'text',
              content: 'shared',
            }),
          ).id as string;
          await attempt(ctx, 'object.create', { name: 'diary', type: 'text', content: 'private' });
          parent.push(
            await attempt(ctx, 'process.fork', {
              goal: 'child',
              grants: [{ resource: `object:ns/proc/${ctx.pid}/diary`, rights: ['write'] }],
            }),
          );
          const forked = valueOf(
            await attempt(ctx, 'process.fork', {
              goal: 'child',
              grants: [{ resource: `object:${ids.report}`, rights: ['read'] }],
            }),
          );
          ids.child = forked.pid as string;
          await ctx.wait([forked.pid as Pid]);
          return;
        }
        parent.push(
          await attempt(ctx, 'object.link', {
            namespace: `proc/${ids.child ?? ''}`,
            name: 'result',
            toName: 'adopted',
          }),
        );
        parent.push(await attempt(ctx, 'object.read', { name: 'adopted' }));
        await ctx.exit(null);
      },
      child: once(async (ctx) => {
        const ns = `proc/${ctx.process.parentPid ?? ''}`;
        child.push(await attempt(ctx, 'object.read', { id: ids.report }));
        child.push(await attempt(ctx, 'object.read', { namespace: ns, name: 'report' }));
        child.push(await attempt(ctx, 'object.read', { namespace: ns, name: 'diary' }));
        child.push(
          await attempt(ctx, 'object.update', { id: ids.report, content: 'x', expectedVersion: 1 }),
        );
        child.push(await attempt(ctx, 'object.delete', { id: ids.report }));
        child.push(await attempt(ctx, 'object.list', { namespace: ns }));
        child.push(
          await attempt(ctx, 'object.create', { name: 'result', type: 'text', content: 'done' }),
        );
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    await t.runtime.grant({ subject: p.pid, resource: 'process:spawn', rights: 'spawn' });
    await t.runtime.run();
    expect(child.map((o) => (o.ok ? 'ok' : o.code))).toEqual([
      'ok',
      'ok',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
      'ok',
    ]);
    expect(valueOf(child[0])).toMatchObject({ content: 'shared' });
    // A write view cannot be passed on: the fork asking for one failed as a whole.
    expect(parent[0]).toMatchObject({ ok: false });
    expect(valueOf(parent[1])).toMatchObject({ name: 'adopted', version: 1 });
    expect(valueOf(parent[2])).toMatchObject({ content: 'done' });
    const views = await t.runtime.capabilities({ subject: ids.child ?? '' });
    expect(
      views.filter((c) => c.resource.kind === 'object').map((c) => [c.resource, c.rights]),
    ).toEqual(
      expect.arrayContaining([
        [{ kind: 'object', match: 'exact', path: expect.stringMatching(/\/report$/) }, ['read']],
      ]),
    );
  });

  it('canonicalises an operator grant on an object id into its path', async () => {
    const state: { id?: string } = {};
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      owner: once(async (ctx) => {
        state.id = valueOf(
          await attempt(ctx, 'object.create', { name: 'memo', type: 'note', content: 'hi' }),
        ).id as string;
        await attempt(ctx, 'object.create', { name: 'other', type: 'note', content: 'no' });
      }),
      reader: once(async (ctx) => {
        log.push(await attempt(ctx, 'object.read', { id: state.id }));
        log.push(await attempt(ctx, 'object.read', { namespace: nsOf(owner), name: 'memo' }));
        log.push(await attempt(ctx, 'object.read', { namespace: nsOf(owner), name: 'other' }));
      }),
    });
    const owner = await t.runtime.spawn({ imageId: 'base', goal: 'owner' });
    await t.runtime.run();
    const reader = await t.runtime.spawn({ imageId: 'base', goal: 'reader' });
    const cap = await t.runtime.grant({
      subject: reader.pid,
      resource: `object:${state.id ?? ''}`,
      rights: 'read',
    });
    expect(cap.resource).toEqual({
      kind: 'object',
      match: 'exact',
      path: `ns/proc/${owner.pid}/memo`,
    });
    await expect(
      t.runtime.grant({ subject: reader.pid, resource: 'object:obj_00000999', rights: 'read' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await t.runtime.run();
    expect(log.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['ok', 'ok', 'NOT_PERMITTED']);
  });

  it('reaches a shared namespace only through capabilities', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      writer: once(async (ctx) => {
        log.push(
          await attempt(ctx, 'object.create', {
            namespace: 'shared/team',
            name: 'notes',
            type: 'text',
            content: 'team',
          }),
        );
        log.push(await attempt(ctx, 'object.createNamespace', { namespace: 'shared/mine' }));
        log.push(await attempt(ctx, 'object.createNamespace', { namespace: 'proc/proc_00000042' }));
        log.push(await attempt(ctx, 'object.createNamespace', { namespace: 'shared/team' }));
      }),
      outsider: once(async (ctx) => {
        log.push(await attempt(ctx, 'object.list', { namespace: 'shared/team' }));
        log.push(await attempt(ctx, 'object.read', { namespace: 'shared/team', name: 'notes' }));
        log.push(await attempt(ctx, 'object.createNamespace', { namespace: 'shared/other' }));
      }),
    });
    await t.runtime.objects.createNamespace('shared/team');
    await expect(t.runtime.objects.createNamespace('proc/proc_00000042')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const writer = await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.grant({
      subject: writer.pid,
      resource: 'object:ns/shared/**',
      rights: 'read,write',
    });
    await t.runtime.run();
    await t.runtime.spawn({ imageId: 'base', goal: 'outsider' });
    await t.runtime.run();
    expect(log.map((o) => (o.ok ? 'ok' : o.code))).toEqual([
      'ok',
      'ok',
      'INVALID_INPUT',
      'ALREADY_EXISTS',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
    ]);
    const page = await t.runtime.objects.list({ namespace: 'shared/team' });
    expect(page.items.map((i) => i.object.name)).toEqual(['notes']);
  });

  it("keeps a spawned child out of its parent's namespace unless granted", async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      parent: async (ctx, quantum) => {
        if (quantum === 0) {
          await attempt(ctx, 'object.create', { name: 'plan', type: 'plan', content: 'p' });
          const spawned = valueOf(
            await attempt(ctx, 'process.spawn', { imageId: 'base', goal: 'kid' }),
          );
          await ctx.wait([spawned.pid as Pid]);
          return;
        }
        await ctx.exit(null);
      },
      kid: once(async (ctx) => {
        log.push(
          await attempt(ctx, 'object.read', {
            namespace: `proc/${ctx.process.parentPid ?? ''}`,
            name: 'plan',
          }),
        );
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    await t.runtime.grant({ subject: p.pid, resource: 'process:spawn', rights: 'spawn' });
    await t.runtime.run();
    expect(log.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['NOT_PERMITTED']);
  });
});

function nsOf(process: { pid: string }): string {
  return `proc/${process.pid}`;
}
