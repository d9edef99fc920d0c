// Security corpus: one-shot authority (operator `--once` grants, `allow_once` answers) used a second time, delegated, or passed to a child.
import { describe, expect, it } from 'vitest';
import {
  allRequests,
  childrenOf,
  createRig,
  decidePending,
  expectDeniedAndUntouched,
  plant,
  readWorkspace,
  recordsOf,
} from './helpers.js';

describe('operator --once grants', () => {
  it('denies the second write under a --once grant and keeps the first content', async () => {
    await using rig = await createRig();
    rig.script('writer', async (ctx) => {
      await rig.call(ctx, 'fs.write', { path: 'report.txt', content: 'first' });
      await rig.call(ctx, 'fs.write', { path: 'report.txt', content: 'second' });
    });
    await rig.spawn('writer', {
      grants: [{ resource: 'fs:report.txt', rights: 'write', once: true }],
    });
    await rig.run();
    const [first, second] = rig.callsOf('fs.write');
    expect(first?.outcome.kind).toBe('value');
    await expectDeniedAndUntouched(rig, second!, {
      untouched: () => {
        expect(readWorkspace(rig, 'report.txt')).toBe('first');
      },
    });
  });

  it('denies the second read under a --once grant', async () => {
    await using rig = await createRig();
    plant(rig, { 'secret.txt': 'secret' });
    rig.script('reader', async (ctx) => {
      await rig.call(ctx, 'fs.read', { path: 'secret.txt' });
      await rig.call(ctx, 'fs.read', { path: 'secret.txt' });
    });
    await rig.spawn('reader', {
      grants: [{ resource: 'fs:secret.txt', rights: 'read', once: true }],
    });
    await rig.run();
    const [first, second] = rig.callsOf('fs.read');
    expect(first?.outcome).toMatchObject({ kind: 'value', value: { content: 'secret' } });
    await expectDeniedAndUntouched(rig, second!, {
      untouched: () => {
        expect(JSON.stringify(second?.outcome)).not.toContain('"secret"');
      },
    });
  });

  it('refuses to delegate a --once grant to a child', async () => {
    await using rig = await createRig();
    const parent = await rig.spawn('parent');
    const once = await rig.runtime.grant({
      subject: parent,
      resource: 'fs:report.txt',
      rights: 'write',
      once: true,
    });
    const child = await rig.spawn('child', { parentPid: parent });
    rig.script('parent', async (ctx) => {
      await rig.call(ctx, 'capability.delegate', {
        from: once.id,
        to: child,
        resource: 'fs:report.txt',
        rights: ['write'],
      });
    });
    await rig.run();
    const [call] = rig.callsOf('capability.delegate');
    await expectDeniedAndUntouched(rig, call!, {
      mayName: [child],
      untouched: async () => {
        expect((await recordsOf(rig, child)).filter((c) => c.resource.kind === 'fs')).toEqual([]);
        expect((await recordsOf(rig, parent)).find((c) => c.id === once.id)?.usesRemaining).toBe(1);
      },
    });
  });

  it('spawns no child when a --once grant is passed on', async () => {
    await using rig = await createRig();
    const parent = await rig.spawn('parent', {
      grants: [{ resource: 'process:spawn', rights: 'spawn' }],
    });
    const once = await rig.runtime.grant({
      subject: parent,
      resource: 'fs:**',
      rights: 'read',
      once: true,
    });
    rig.script('parent', async (ctx) => {
      await rig.call(ctx, 'process.fork', {
        grants: [{ from: once.id, resource: 'fs:**', rights: ['read'] }],
      });
    });
    await rig.run();
    const [call] = rig.callsOf('process.fork');
    await expectDeniedAndUntouched(rig, call!, {
      untouched: async () => {
        expect(await childrenOf(rig, parent)).toEqual([]);
      },
    });
  });
});

describe('allow_once answers', () => {
  it('asks again when an approved call is replayed, and a denial then stops the replay', async () => {
    await using rig = await createRig();
    const append = { path: 'log.txt', content: 'A', mode: 'append' };
    let ran = false;
    rig.script('writer', async (ctx) => {
      if (!ran) {
        if ((await rig.call(ctx, 'fs.write', append)).kind === 'blocked') return;
        ran = true;
      }
      await rig.call(ctx, 'fs.write', append);
    });
    await rig.spawn('writer', {
      grants: [{ resource: 'fs:log.txt', rights: 'write', effect: 'ask' }],
    });
    await rig.run();
    await decidePending(rig, 'allow_once');
    await rig.run();
    expect(readWorkspace(rig, 'log.txt')).toBe('A');
    await decidePending(rig, 'deny_once');
    await rig.run();
    const replay = rig.callsOf('fs.write').at(-1)!;
    await expectDeniedAndUntouched(rig, replay, {
      untouched: async () => {
        expect(readWorkspace(rig, 'log.txt')).toBe('A');
        expect(await allRequests(rig)).toHaveLength(2);
      },
    });
  });

  it.each(['human.requestPermission', 'capability.request'])(
    'lets an allow_once answer to %s be used by one call only',
    async (syscall) => {
      await using rig = await createRig();
      let granted = false;
      rig.script('writer', async (ctx) => {
        if (!granted) {
          const answer = await rig.call(ctx, syscall, {
            resource: 'fs:report.txt',
            rights: ['write'],
            reason: 'write the report',
          });
          if (answer.kind !== 'value') return;
          granted = true;
        }
        await rig.call(ctx, 'fs.write', { path: 'report.txt', content: 'first' });
        await rig.call(ctx, 'fs.write', { path: 'report.txt', content: 'second' });
      });
      await rig.spawn('writer', { grants: [{ resource: 'human:owner', rights: 'ask' }] });
      await rig.run();
      await decidePending(rig, 'allow_once');
      await rig.run();
      const [first, second] = rig.callsOf('fs.write');
      expect(first?.outcome.kind).toBe('value');
      await expectDeniedAndUntouched(rig, second!, {
        untouched: () => {
          expect(readWorkspace(rig, 'report.txt')).toBe('first');
        },
      });
    },
  );

  it('does not let a forked child replay its parent’s approved call', async () => {
    await using rig = await createRig();
    const write = { path: 'a.txt', content: 'approved' };
    let forked = false;
    rig.script(
      'writer',
      async (ctx) => {
        if (ctx.process.parentPid !== null) {
          await rig.call(ctx, 'fs.write', write);
          return;
        }
        if ((await rig.call(ctx, 'fs.write', write)).kind === 'blocked') return;
        if (!forked) await rig.call(ctx, 'process.fork', {});
        forked = true;
      },
      { then: 'park' },
    );
    const parent = await rig.spawn('writer', {
      grants: [
        { resource: 'fs:a.txt', rights: 'write', effect: 'ask' },
        { resource: 'process:spawn', rights: 'spawn' },
      ],
    });
    await rig.run();
    await decidePending(rig, 'allow_once');
    await rig.run();
    const [child] = await childrenOf(rig, parent);
    expect(child).toBeDefined();
    const [childWrite] = rig.callsOf('fs.write', child);
    await expectDeniedAndUntouched(rig, childWrite!, {
      untouched: async () => {
        expect(readWorkspace(rig, 'a.txt')).toBe('approved');
        expect(await rig.runtime.requests()).toEqual([]);
      },
    });
  });
});

describe('a one-shot object grant is never read without a syscall', () => {
  it.each([
    ['an operator --once grant', { once: true }],
    [
      'a counted grant on its path (what allow_once on a grant request becomes)',
      { once: true, viaRequest: true },
    ],
  ])('keeps an object read by %s out of a materialized context', async (_title, how) => {
    await using rig = await createRig();
    await rig.runtime.objects.createNamespace('shared/vault');
    const made = await rig.runtime.objects.create({
      namespace: 'shared/vault',
      name: 'plan',
      type: 'note',
      content: 'the one-use secret',
    });
    const seen: unknown[] = [];
    rig.script('reader', async (ctx) => {
      const context = await ctx.materializeContext({ budgetTokens: 10_000 });
      seen.push(...context.included.map((o) => o.content));
    });
    const pid = await rig.spawn('reader');
    const grant = await rig.runtime.grant({
      subject: pid,
      resource: 'viaRequest' in how ? 'object:ns/shared/vault/plan' : `object:${made.object.id}`,
      rights: 'read',
      once: how.once,
    });
    await rig.run();
    expect(seen).toEqual([]);
    const [record] = (await recordsOf(rig, pid)).filter((c) => c.id === grant.id);
    expect(record?.usesRemaining).toBe(1);
    const manifests = await rig.runtime.journal({ pid, type: 'context.materialized', limit: 5 });
    expect(manifests.flatMap((e) => e.data['included'] as unknown[])).toEqual([]);
  });
});
