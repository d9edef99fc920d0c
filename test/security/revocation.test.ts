// Security corpus: a revoked capability stops working everywhere it was delegated, and a revoked record cannot be passed on.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { Capability } from '../../src/kernel/capability/types.js';
import {
  childrenOf,
  createRig,
  expectDeniedAndUntouched,
  onlyCall,
  plant,
  recordsOf,
  type Rig,
} from './helpers.js';

const LONG = 1_000;

/** Lets the sleeping readers read. */
async function readersRead(rig: Rig): Promise<void> {
  rig.t.clock.advance(10 * LONG);
  await rig.run();
}

/**
 * A parent holding `fs:docs/** read` delegates it to its child (and the child, when asked, on to
 * a grandchild); the readers sleep until `readersRead`, then read `docs/plan.md`.
 */
async function lineage(
  rig: Rig,
  options: { grandchild?: boolean } = {},
): Promise<{ parent: Pid; child: Pid; grandchild: Pid | null; cap: Capability }> {
  plant(rig, { 'docs/plan.md': 'the plan' });
  const parent = await rig.spawn('parent', {
    grants: [{ resource: 'fs:docs/**', rights: 'read' }],
  });
  const [cap] = (await recordsOf(rig, parent)).filter((c) => c.resource.kind === 'fs');
  const child = await rig.spawn('child', { parentPid: parent });
  const grandchild =
    options.grandchild === true ? await rig.spawn('grandchild', { parentPid: child }) : null;
  const passOn = async (
    ctx: Parameters<Parameters<Rig['script']>[1]>[0],
    to: Pid,
    delegable: boolean,
  ): Promise<void> => {
    const [held] = (await recordsOf(rig, ctx.pid)).filter(
      (c) => c.resource.kind === 'fs' && c.effect === 'allow',
    );
    await rig.call(ctx, 'capability.delegate', {
      from: held!.id,
      to,
      resource: 'fs:docs/**',
      rights: ['read'],
      delegable,
    });
  };
  let delegated = false;
  rig.script(
    'parent',
    async (ctx) => {
      if (!delegated) await passOn(ctx, child, grandchild !== null);
      delegated = true;
    },
    { then: 'park' },
  );
  // Sleeps keep the order fixed: a reader reads only once the clock has passed its long sleep.
  const reader =
    (next: Pid | null) =>
    async (ctx: Parameters<Parameters<Rig['script']>[1]>[0], turn: number): Promise<void> => {
      if (next !== null && turn === 0) {
        await ctx.sleep(1);
        return;
      }
      if (next !== null && turn === 1) {
        await passOn(ctx, next, false);
        await ctx.sleep(LONG);
        return;
      }
      if (turn === 0) {
        await ctx.sleep(LONG);
        return;
      }
      await rig.call(ctx, 'fs.read', { path: 'docs/plan.md' });
    };
  rig.script('child', reader(grandchild), { then: 'park' });
  rig.script('grandchild', reader(null));
  // Round 1: the parent delegates; round 2: the child passes on (when it has a grandchild).
  await rig.run();
  if (grandchild !== null) {
    rig.t.clock.advance(10);
    await rig.run();
  }
  return { parent, child, grandchild, cap: cap! };
}

async function liveFsRecords(rig: Rig, pid: Pid): Promise<Capability[]> {
  return (await recordsOf(rig, pid)).filter((c) => c.resource.kind === 'fs');
}

describe('a revoked parent record', () => {
  it('stops the child’s delegated copy when the operator revokes the parent’s record', async () => {
    await using rig = await createRig();
    const l = await lineage(rig);
    expect(await liveFsRecords(rig, l.child)).toHaveLength(1);
    await rig.runtime.revoke(l.cap.id);
    await readersRead(rig);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read', l.child), {
      untouched: async () => {
        expect(await liveFsRecords(rig, l.child)).toEqual([]);
      },
    });
  });

  it('stops a grandchild two delegations away', async () => {
    await using rig = await createRig();
    const l = await lineage(rig, { grandchild: true });
    expect(await liveFsRecords(rig, l.grandchild!)).toHaveLength(1);
    await rig.runtime.revoke(l.cap.id);
    await readersRead(rig);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read', l.grandchild!), {
      untouched: async () => {
        expect(await liveFsRecords(rig, l.grandchild!)).toEqual([]);
      },
    });
  });

  it('stops the child when the parent itself revokes what it delegated', async () => {
    await using rig = await createRig();
    const l = await lineage(rig);
    const [delegated] = await liveFsRecords(rig, l.child);
    // The parent is parked; wake it with a message and let it revoke this time.
    rig.script(
      'parent',
      async (ctx) => {
        await rig.call(ctx, 'capability.revoke', { id: delegated!.id });
      },
      { then: 'park' },
    );
    await rig.runtime.send(l.parent, { revoke: true });
    await rig.run();
    await readersRead(rig);
    expect(onlyCall(rig, 'capability.revoke').outcome).toMatchObject({
      kind: 'value',
      value: { revoked: 1 },
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read', l.child));
  });

  it('cannot be delegated again once revoked', async () => {
    await using rig = await createRig();
    plant(rig, { 'docs/plan.md': 'the plan' });
    const parent = await rig.spawn('parent');
    const cap = await rig.runtime.grant({
      subject: parent,
      resource: 'fs:docs/**',
      rights: 'read',
    });
    const child = await rig.spawn('child', { parentPid: parent });
    await rig.runtime.revoke(cap.id);
    rig.script(
      'parent',
      async (ctx) => {
        await rig.call(ctx, 'capability.delegate', {
          from: cap.id,
          to: child,
          resource: 'fs:docs/**',
          rights: ['read'],
        });
      },
      { then: 'park' },
    );
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.delegate'), {
      mayName: [child],
      untouched: async () => {
        expect(await liveFsRecords(rig, child)).toEqual([]);
      },
    });
  });

  it('cannot be passed to a new child once revoked', async () => {
    await using rig = await createRig();
    const parent = await rig.spawn('parent', {
      grants: [{ resource: 'process:spawn', rights: 'spawn' }],
    });
    const cap = await rig.runtime.grant({
      subject: parent,
      resource: 'fs:docs/**',
      rights: 'read',
    });
    await rig.runtime.revoke(cap.id);
    rig.script('parent', async (ctx) => {
      await rig.call(ctx, 'process.spawn', {
        imageId: 'base',
        goal: 'reader',
        grants: [{ from: cap.id, resource: 'fs:docs/**', rights: ['read'] }],
      });
    });
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.spawn'), {
      untouched: async () => {
        expect(await childrenOf(rig, parent)).toEqual([]);
      },
    });
  });

  it('refuses a child revoking the record its parent delegated from', async () => {
    await using rig = await createRig();
    const l = await lineage(rig);
    rig.script('child', async (ctx) => {
      await rig.call(ctx, 'capability.revoke', { id: l.cap.id });
    });
    await readersRead(rig);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.revoke'), {
      // An id the caller did not issue is refused like a forged one (see forged-ids.test.ts).
      code: 'NOT_PERMITTED',
      journal: 'syscall.denied',
      untouched: async () => {
        expect(await liveFsRecords(rig, l.parent)).toEqual([l.cap]);
      },
    });
  });
});
