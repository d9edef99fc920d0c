// Security corpus: the runtime's capability cache never lets a change wait for the next call but one.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { Capability } from '../../src/kernel/capability/types.js';
import { CapabilityCache } from '../../src/runtime/authority/capability-cache.js';
import { loadDecision } from '../../src/runtime/authority/load-decision.js';
import type { ResourceNeed } from '../../src/syscalls/define-syscall.js';
import {
  createRig,
  type CallRecord,
  type RigGrant,
  expectDeniedAndUntouched,
  plant,
  recordsOf,
  type Rig,
  type Script,
} from './helpers.js';

const PLAN = 'the plan';

/**
 * Runs one process that reads `docs/plan.md`, lets `change` happen (the operator, between two
 * calls of the same quantum: the cache is warm), then reads it again; returns both calls.
 */
async function readChangeRead(
  rig: Rig,
  options: {
    grants: readonly RigGrant[];
    change: (pid: Pid) => Promise<unknown>;
  },
): Promise<{
  pid: Pid;
  first: CallRecord;
  second: CallRecord;
}> {
  plant(rig, { 'docs/plan.md': PLAN, 'docs/other.md': 'other' });
  rig.script('reader', async (ctx) => {
    await rig.call(ctx, 'fs.read', { path: 'docs/plan.md' });
    await options.change(ctx.pid);
    await rig.call(ctx, 'fs.read', { path: 'docs/plan.md' });
  });
  const pid = await rig.spawn('reader', { grants: options.grants });
  await rig.run();
  const [first, second] = rig.callsOf('fs.read', pid);
  expect(first?.outcome).toMatchObject({ kind: 'value', value: { content: PLAN } });
  return { pid, first: first!, second: second! };
}

async function expectPlanRefused(rig: Rig, call: CallRecord): Promise<void> {
  await expectDeniedAndUntouched(rig, call, {
    untouched: () => {
      expect(JSON.stringify(call.outcome)).not.toContain(PLAN);
    },
  });
}

async function fsRecord(rig: Rig, pid: Pid): Promise<Capability> {
  const [record] = (await recordsOf(rig, pid)).filter((c) => c.resource.kind === 'fs');
  if (record === undefined) throw new Error(`${pid} holds no fs record`);
  return record;
}

describe('a change to the capability records takes effect for the very next call', () => {
  it('denies the call right after the operator revokes the record the last call used', async () => {
    await using rig = await createRig();
    const { second } = await readChangeRead(rig, {
      grants: [{ resource: 'fs:docs/**', rights: 'read' }],
      change: async (pid) => rig.runtime.revoke((await fsRecord(rig, pid)).id),
    });
    await expectPlanRefused(rig, second);
  });

  it('denies the call right after the operator adds a deny over an allow just used', async () => {
    await using rig = await createRig();
    const { second } = await readChangeRead(rig, {
      grants: [{ resource: 'fs:docs/**', rights: 'read' }],
      change: (pid) =>
        rig.runtime.grant({
          subject: pid,
          resource: 'fs:docs/plan.md',
          rights: 'read',
          effect: 'deny',
        }),
    });
    await expectPlanRefused(rig, second);
  });

  it('asks instead of allowing right after the operator adds an ask record', async () => {
    await using rig = await createRig();
    const { second } = await readChangeRead(rig, {
      grants: [{ resource: 'fs:docs/**', rights: 'read' }],
      change: (pid) =>
        rig.runtime.grant({ subject: pid, resource: 'fs:docs/**', rights: 'read', effect: 'ask' }),
    });
    expect(second.outcome.kind).toBe('blocked');
    expect(await rig.runtime.requests({ limit: 10 })).toHaveLength(1);
  });

  it('stops a record at its expiry with no write in between (the clock only moves)', async () => {
    await using rig = await createRig();
    const expiresAt = rig.t.clock.now() + 1_000;
    const { second } = await readChangeRead(rig, {
      grants: [{ resource: 'fs:docs/**', rights: 'read', expiresAt }],
      change: () => {
        rig.t.clock.advance(1_000);
        return Promise.resolve();
      },
    });
    await expectPlanRefused(rig, second);
  });

  it('spends a one-shot allow once although the cache held it with a use left', async () => {
    await using rig = await createRig();
    plant(rig, { 'docs/plan.md': PLAN, 'docs/other.md': 'other' });
    rig.script('reader', async (ctx) => {
      // Warms the cache with every record, the one-shot allow at one use included.
      await rig.call(ctx, 'fs.read', { path: 'docs/other.md' });
      await rig.call(ctx, 'fs.read', { path: 'docs/plan.md' });
      await rig.call(ctx, 'fs.read', { path: 'docs/plan.md' });
    });
    const pid = await rig.spawn('reader', {
      grants: [
        { resource: 'fs:docs/other.md', rights: 'read' },
        { resource: 'fs:docs/plan.md', rights: 'read', once: true },
      ],
    });
    await rig.run();
    const [warm, once, again] = rig.callsOf('fs.read', pid);
    expect(warm?.outcome.kind).toBe('value');
    expect(once?.outcome).toMatchObject({ kind: 'value', value: { content: PLAN } });
    await expectPlanRefused(rig, again!);
  });

  it('keeps one process’s cached records from answering for another', async () => {
    await using rig = await createRig();
    plant(rig, { 'docs/plan.md': PLAN });
    const read: Script = async (ctx) => {
      await rig.call(ctx, 'fs.read', { path: 'docs/plan.md' });
    };
    rig.script('holder', read);
    rig.script('stranger', read);
    const holder = await rig.spawn('holder', {
      grants: [{ resource: 'fs:docs/**', rights: 'read' }],
    });
    const stranger = await rig.spawn('stranger');
    await rig.run();
    expect(rig.callsOf('fs.read', holder)[0]?.outcome.kind).toBe('value');
    await expectPlanRefused(rig, rig.callsOf('fs.read', stranger)[0]!);
  });
});

describe('a delegated record under the cache', () => {
  /**
   * The parent delegates `fs:docs/** read` to its child in round one; in round two the child reads,
   * `change` happens, and it reads again.
   */
  async function delegated(
    rig: Rig,
    change: (ids: { parent: Pid; parentRecord: Capability }) => Promise<unknown>,
  ): Promise<CallRecord[]> {
    plant(rig, { 'docs/plan.md': PLAN });
    const parent = await rig.spawn('parent', {
      grants: [{ resource: 'fs:docs/**', rights: 'read' }],
    });
    const parentRecord = await fsRecord(rig, parent);
    const child = await rig.spawn('child', { parentPid: parent });
    rig.script(
      'parent',
      async (ctx) => {
        await rig.call(ctx, 'capability.delegate', {
          from: parentRecord.id,
          to: child,
          resource: 'fs:docs/**',
          rights: ['read'],
          delegable: false,
        });
      },
      { then: 'park' },
    );
    rig.script('child', async (ctx, turn) => {
      if (turn === 0) {
        await ctx.sleep(1_000);
        return;
      }
      await rig.call(ctx, 'fs.read', { path: 'docs/plan.md' });
      await change({ parent, parentRecord });
      await rig.call(ctx, 'fs.read', { path: 'docs/plan.md' });
    });
    await rig.run();
    rig.t.clock.advance(10_000);
    await rig.run();
    const calls = rig.callsOf('fs.read', child);
    expect(calls[0]?.outcome).toMatchObject({ kind: 'value', value: { content: PLAN } });
    return calls;
  }

  it('stops working at once when the delegator’s record is revoked', async () => {
    await using rig = await createRig();
    const calls = await delegated(rig, ({ parentRecord }) => rig.runtime.revoke(parentRecord.id));
    await expectPlanRefused(rig, calls[1]!);
  });

  it('stops working at once when the delegator is denied afterwards', async () => {
    await using rig = await createRig();
    const calls = await delegated(rig, ({ parent }) =>
      rig.runtime.grant({
        subject: parent,
        resource: 'fs:docs/plan.md',
        rights: 'read',
        effect: 'deny',
      }),
    );
    await expectPlanRefused(rig, calls[1]!);
  });
});

describe('the cache and the store’s transactions', () => {
  const need = (path: string): ResourceNeed => ({
    resource: { kind: 'fs', path },
    right: 'read',
  });

  it('never keeps records a rolled-back transaction wrote, nor lets its neighbours keep them', async () => {
    await using rig = await createRig();
    const { store } = rig.runtime;
    const pid = await rig.spawn('idle');
    const cache = new CapabilityCache();
    const decide = (reader: Parameters<typeof loadDecision>[0]) =>
      loadDecision(
        reader,
        { pid, needs: [need('docs/plan.md')], callHash: '', now: rig.t.clock.now() },
        { cache },
      );
    // Warm: nothing allows it.
    expect((await store.read(decide)).effect).toBe('deny');
    const forged: Capability = {
      ...(await rig.runtime.grant({ subject: pid, resource: 'fs:elsewhere/**', rights: 'read' })),
      id: 'cap_rolled_back' as Capability['id'],
      resource: { kind: 'fs', match: 'subtree', path: 'docs' },
    };
    const failed = store.transact(async (tx) => {
      await tx.insertCapability(forged);
      // Inside, the uncommitted record is seen (as without a cache) but must not be kept.
      expect((await decide(tx)).effect).toBe('allow');
      throw new Error('rolled back');
    });
    // Queued together: runs in the same batch, after the rollback of its savepoint.
    const neighbour = store.transact(decide);
    await expect(failed).rejects.toThrow('rolled back');
    expect((await neighbour).effect).toBe('deny');
    expect((await store.read(decide)).effect).toBe('deny');
    expect((await store.transact(decide)).effect).toBe('deny');
  });

  it('keys what a snapshot read before a revocation under that snapshot, never under the next', async () => {
    await using rig = await createRig();
    const { store } = rig.runtime;
    const pid = await rig.spawn('idle', { grants: [{ resource: 'fs:docs/**', rights: 'read' }] });
    const record = await fsRecord(rig, pid);
    const cache = new CapabilityCache();
    const decide = (reader: Parameters<typeof loadDecision>[0]) =>
      loadDecision(
        reader,
        { pid, needs: [need('docs/plan.md')], callHash: '', now: rig.t.clock.now() },
        { cache },
      );
    const during = await store.read(async (reader) => {
      // The revocation commits after this snapshot began and before the cache is filled from it.
      await rig.runtime.revoke(record.id);
      return decide(reader);
    });
    expect(during.effect).toBe('allow');
    expect((await store.read(decide)).effect).toBe('deny');
  });
});
