// Security corpus: delegation only narrows — rights, resource, expiry, delegability, receiver and depth — and a child never holds more than its parent.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { Capability } from '../../src/kernel/capability/types.js';
import {
  createRig,
  expectDeniedAndUntouched,
  onlyCall,
  plant,
  recordsOf,
  type Rig,
} from './helpers.js';

async function fsRecords(rig: Rig, pid: Pid): Promise<Capability[]> {
  return (await recordsOf(rig, pid)).filter((c) => c.resource.kind === 'fs');
}

/** A parent holding `fs:src/** read` (optionally expiring or not delegable) and its child. */
async function family(
  rig: Rig,
  options: { expiresInMs?: number; delegable?: boolean; effect?: 'allow' | 'ask' | 'deny' } = {},
): Promise<{ parent: Pid; child: Pid; cap: Capability }> {
  plant(rig, { 'src/main.ts': 'main', 'src2/x.ts': 'x', 'docs/readme.md': 'docs' });
  const parent = await rig.spawn('parent');
  const cap = await rig.runtime.grant({
    subject: parent,
    resource: 'fs:src/**',
    rights: 'read',
    ...(options.effect === undefined ? {} : { effect: options.effect }),
    ...(options.delegable === undefined ? {} : { delegable: options.delegable }),
    ...(options.expiresInMs === undefined
      ? {}
      : { expiresAt: rig.t.clock.now() + options.expiresInMs }),
  });
  const child = await rig.spawn('child', { parentPid: parent });
  return { parent, child, cap };
}

/** The parent delegates `request` from its record to `to` (its child by default). */
async function delegate(
  rig: Rig,
  f: { parent: Pid; child: Pid; cap: Capability },
  request: Record<string, unknown>,
  to: Pid = f.child,
): Promise<void> {
  rig.script(
    'parent',
    async (ctx) => {
      await rig.call(ctx, 'capability.delegate', {
        from: f.cap.id,
        to,
        resource: 'fs:src/**',
        rights: ['read'],
        ...request,
      });
    },
    { then: 'park' },
  );
  await rig.run();
}

async function nothingDelegated(rig: Rig, pid: Pid): Promise<void> {
  expect(await fsRecords(rig, pid)).toEqual([]);
  expect(await rig.runtime.journal({ type: 'capability.delegated', limit: 10 })).toEqual([]);
}

describe('widening a delegation', () => {
  it.each([
    ['more rights', { rights: ['read', 'write'] }],
    ['a sibling subtree', { resource: 'fs:docs/**' }],
    ['the parent directory (the whole workspace)', { resource: 'fs:**' }],
    ['a name that merely starts with the same letters', { resource: 'fs:src2/**' }],
    ['a later expiry than the delegated record', { expiresInMs: 60_000 }],
  ] as const)('refuses %s', async (_label, request) => {
    await using rig = await createRig();
    const f = await family(rig, { expiresInMs: 10_000 });
    await delegate(rig, f, request);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.delegate'), {
      mayName: [f.child],
      untouched: () => nothingDelegated(rig, f.child),
    });
  });

  it('refuses to delegate a record the operator made non-delegable', async () => {
    await using rig = await createRig();
    const f = await family(rig, { delegable: false });
    await delegate(rig, f, {});
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.delegate'), {
      mayName: [f.child],
      untouched: () => nothingDelegated(rig, f.child),
    });
  });

  it.each(['ask', 'deny'] as const)('refuses to delegate an %s record', async (effect) => {
    await using rig = await createRig();
    const f = await family(rig, { effect });
    await delegate(rig, f, {});
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.delegate'), {
      mayName: [f.child],
      untouched: () => nothingDelegated(rig, f.child),
    });
  });

  it('refuses to delegate a record that has expired', async () => {
    await using rig = await createRig();
    const f = await family(rig, { expiresInMs: 1_000 });
    rig.t.clock.advance(5_000);
    await delegate(rig, f, {});
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.delegate'), {
      mayName: [f.child],
      untouched: () => nothingDelegated(rig, f.child),
    });
  });

  it('gives a delegation asked without expiry the parent’s expiry, after which the child is denied', async () => {
    await using rig = await createRig();
    const f = await family(rig, { expiresInMs: 10_000 });
    rig.script('child', async (ctx, turn) => {
      if (turn === 0) {
        await ctx.sleep(60_000);
        return;
      }
      await rig.call(ctx, 'fs.read', { path: 'src/main.ts' });
    });
    await delegate(rig, f, {});
    const [delegated] = await fsRecords(rig, f.child);
    expect(delegated?.expiresAt).toBe(f.cap.expiresAt);
    rig.t.clock.advance(60_000);
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read'), {
      untouched: () => {
        expect(JSON.stringify(rig.calls)).not.toContain('"main"');
      },
    });
  });
});

describe('delegating to a process that is not a direct child', () => {
  it.each(['a sibling', 'a grandchild', 'the delegator itself', 'an unrelated root'] as const)(
    'refuses to delegate to %s',
    async (label) => {
      await using rig = await createRig();
      const f = await family(rig);
      const receivers: Record<typeof label, () => Promise<Pid>> = {
        'a sibling': () => rig.spawn('sibling'),
        'a grandchild': () => rig.spawn('grandchild', { parentPid: f.child }),
        'the delegator itself': () => Promise.resolve(f.parent),
        'an unrelated root': () => rig.spawn('stranger'),
      };
      const to = await receivers[label]();
      await delegate(rig, f, {}, to);
      await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.delegate'), {
        mayName: [to],
        untouched: async () => {
          expect(await fsRecords(rig, to)).toEqual(label === 'the delegator itself' ? [f.cap] : []);
        },
      });
    },
  );
});

describe('delegation depth', () => {
  it('refuses the ninth link of a delegation chain', async () => {
    await using rig = await createRig();
    plant(rig, { 'src/main.ts': 'main' });
    const chain: Pid[] = [];
    for (let i = 0; i < 10; i++) {
      const parentPid = chain.at(-1);
      chain.push(
        await rig.spawn(
          'link',
          parentPid === undefined
            ? { grants: [{ resource: 'fs:src/**', rights: 'read' }] }
            : { parentPid },
        ),
      );
    }
    rig.script(
      'link',
      async (ctx) => {
        const [held] = await fsRecords(rig, ctx.pid);
        if (held === undefined) {
          await ctx.sleep(1);
          return;
        }
        const next = chain[chain.indexOf(ctx.pid) + 1];
        if (next === undefined) return;
        await rig.call(ctx, 'capability.delegate', {
          from: held.id,
          to: next,
          resource: 'fs:src/**',
          rights: ['read'],
          delegable: true,
        });
      },
      { then: 'park' },
    );
    for (let round = 0; round < chain.length; round++) {
      await rig.run();
      rig.t.clock.advance(10);
    }
    const depths = await Promise.all(chain.map(async (p) => (await fsRecords(rig, p))[0]?.depth));
    expect(depths).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, undefined]);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.delegate', chain[8]), {
      mayName: [chain[9]!],
    });
  });
});

describe('constraints of the delegator', () => {
  it('carries the parent’s deny along with a delegation', async () => {
    await using rig = await createRig();
    const f = await family(rig);
    plant(rig, { 'src/private.key': 'key' });
    await rig.runtime.grant({
      subject: f.parent,
      resource: 'fs:src/private.key',
      rights: 'read',
      effect: 'deny',
    });
    rig.script('child', async (ctx, turn) => {
      if (turn === 0) {
        await ctx.sleep(1);
        return;
      }
      await rig.call(ctx, 'fs.read', { path: 'src/private.key' });
    });
    await delegate(rig, f, {});
    rig.t.clock.advance(10);
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read'));
  });

  // A deny granted to the parent AFTER it delegated must still reach the child: a decision on a
  // delegated record checks every delegator's current denies along the parentId chain.
  it('denies the child what a later deny takes from its parent', async () => {
    await using rig = await createRig();
    const f = await family(rig);
    plant(rig, { 'src/private.key': 'key' });
    rig.script('child', async (ctx, turn) => {
      if (turn === 0) {
        await ctx.sleep(1);
        return;
      }
      await rig.call(ctx, 'fs.read', { path: 'src/private.key' });
    });
    await delegate(rig, f, {});
    await rig.runtime.grant({
      subject: f.parent,
      resource: 'fs:src/private.key',
      rights: 'read',
      effect: 'deny',
    });
    rig.t.clock.advance(10);
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read'), {
      untouched: () => {
        expect(JSON.stringify(rig.calls)).not.toContain('"key"');
      },
    });
  });
});
