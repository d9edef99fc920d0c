// process.exec drops authority by default: the process keeps only the records it names (and its
// restrictions, lineage and model), what it delegated from a dropped record goes with it, and
// exec can never widen: it cannot keep another's record, revive one, or lose a deny.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { Capability } from '../../src/kernel/capability/types.js';
import type { QuantumContext } from '../../src/runtime/quantum-context.js';
import { createRig, expectDeniedAndUntouched, idle, onlyCall, type Rig } from './helpers.js';

/** The unrevoked records of `pid`, by resource text and effect. */
async function held(rig: Rig, pid: Pid): Promise<Capability[]> {
  return rig.runtime.capabilities({ subject: pid, limit: 100 });
}

function describeRecord(record: Capability): string {
  const { resource } = record;
  const path = resource.match === 'any' ? '*' : resource.path;
  return `${record.effect} ${resource.kind}:${path} ${record.rights.join(',')}`;
}

/** A root holding a kept read, a dropped write, spawn and exec grants, a deny and a model grant. */
async function setUp(rig: Rig, step: (ctx: QuantumContext) => Promise<void>) {
  mkdirSync(join(rig.workspace, 'notes'));
  writeFileSync(join(rig.workspace, 'notes', 'a.txt'), 'a');
  writeFileSync(join(rig.workspace, 'notes', 'secret.txt'), 'secret');
  const root = await rig.spawn('root');
  const grant = (resource: string, rights: string, effect?: 'deny') =>
    rig.runtime.grant({
      subject: root,
      resource,
      rights,
      delegable: true,
      ...(effect === undefined ? {} : { effect }),
    });
  const records = {
    read: await grant('fs:notes/**', 'read'),
    write: await grant('fs:**', 'write'),
    spawn: await grant('process:spawn', 'spawn'),
    exec: await grant('image:research', 'exec'),
    deny: await grant('fs:notes/secret.txt', 'read', 'deny'),
    model: await grant('model:openai/gpt-4.1', 'call'),
  };
  rig.script('root', step, { then: 'park' });
  rig.script('child', idle, { then: 'park' });
  return { root, records };
}

describe('process.exec drops authority it is not told to keep', () => {
  it('keeps the named grant, drops the rest with what they delegated, keeps deny, lineage and model', async () => {
    await using rig = await createRig();
    let child: Pid | undefined;
    const { root, records } = await setUp(rig, async (ctx) => {
      const spawned = await rig.call(ctx, 'process.spawn', {
        imageId: 'base',
        goal: 'child',
        grants: [{ resource: 'fs:out/**', rights: ['write'] }],
      });
      if (spawned.kind === 'value') child = (spawned.value as { pid: Pid }).pid;
      await rig.call(ctx, 'process.exec', {
        imageId: 'research',
        goal: 'researching now',
        keep: [records.read.id],
      });
      // The same quantum, after the exec: what is left is all it has.
      await rig.call(ctx, 'fs.read', { path: 'notes/a.txt' });
      await rig.call(ctx, 'fs.write', { path: 'out.txt', content: 'x' });
      await rig.call(ctx, 'fs.read', { path: 'notes/secret.txt' });
      await rig.call(ctx, 'process.spawn', { imageId: 'base', goal: 'child' });
    });
    await rig.run();

    expect(onlyCall(rig, 'process.exec').outcome).toEqual({
      kind: 'value',
      value: {
        imageId: 'research',
        imageVersion: 3,
        kept: [records.read.id],
        dropped: [records.write.id, records.spawn.id, records.exec.id],
      },
    });
    expect(await rig.runtime.get(root)).toMatchObject({
      imageId: 'research',
      imageVersion: 3,
      goal: 'researching now',
    });
    expect((await held(rig, root)).map(describeRecord).sort()).toEqual(
      [
        'allow fs:notes read',
        'allow model:openai/gpt-4.1 call',
        `allow object:ns/proc/${root} read,write,delete`,
        `allow process:${root} message`,
        `allow process:${child} signal,message`,
        `allow object:ns/proc/${child} read`,
        'deny fs:notes/secret.txt read',
      ].sort(),
    );
    expect(rig.callsOf('fs.read', root)[0]?.outcome.kind).toBe('value');
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.write', root));
    await expectDeniedAndUntouched(rig, rig.callsOf('fs.read', root)[1]!);
    await expectDeniedAndUntouched(rig, rig.callsOf('process.spawn', root)[1]!);

    // What it delegated from the dropped write went with it; the child keeps its own lineage.
    const childRecords = (await held(rig, child!)).map(describeRecord);
    expect(childRecords.some((r) => r.includes('fs:'))).toBe(false);
    const revoked = await rig.runtime.journal({ type: 'capability.revoked', limit: 10 });
    expect(revoked.map((e) => e.data)).toEqual([
      expect.objectContaining({ capability: records.write.id, by: 'exec' }),
      expect.objectContaining({
        capability: records.spawn.id,
        by: 'exec',
        cascade: [records.spawn.id],
      }),
      expect.objectContaining({
        capability: records.exec.id,
        by: 'exec',
        cascade: [records.exec.id],
      }),
    ]);
    expect(revoked[0]?.data['cascade']).toHaveLength(2);
    const execed = await rig.runtime.journal({ type: 'process.execed', limit: 10 });
    expect(execed.map((e) => [e.pid, e.actor, e.data['from'], e.data['dropped']])).toEqual([
      [root, root, 'base@2', [records.write.id, records.spawn.id, records.exec.id]],
    ]);
  });

  it('drops every grant when it keeps none, and the new image’s requirements grant nothing', async () => {
    await using rig = await createRig();
    const { root, records } = await setUp(rig, async (ctx) => {
      await rig.call(ctx, 'process.exec', { imageId: 'research' });
      await rig.call(ctx, 'fs.read', { path: 'notes/a.txt' });
    });
    await rig.run();
    expect(onlyCall(rig, 'process.exec').outcome).toMatchObject({
      kind: 'value',
      value: {
        kept: [],
        dropped: [records.read.id, records.write.id, records.spawn.id, records.exec.id],
      },
    });
    // research declares fs:** read as a requirement: a declaration, never a grant.
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read', root));
    const allows = (await held(rig, root)).filter(
      (r) => r.effect === 'allow' && r.issuedBy !== 'runtime',
    );
    expect(allows.map(describeRecord)).toEqual(['allow model:openai/gpt-4.1 call']);
  });

  it('refuses to keep another process’s record, a revoked one or a forged id, changing nothing', async () => {
    await using rig = await createRig();
    const stranger = await rig.spawn('stranger');
    const theirs = await rig.runtime.grant({
      subject: stranger,
      resource: 'fs:**',
      rights: 'write',
    });
    rig.script('stranger', idle, { then: 'park' });
    let revokedId = '';
    const { root, records } = await setUp(rig, async (ctx) => {
      await rig.call(ctx, 'process.exec', { imageId: 'research', keep: [theirs.id] });
      await rig.call(ctx, 'process.exec', { imageId: 'research', keep: [revokedId] });
      await rig.call(ctx, 'process.exec', { imageId: 'research', keep: ['cap_zzzzzzzzzzzz'] });
    });
    revokedId = (await rig.runtime.grant({ subject: root, resource: 'fs:x', rights: 'read' })).id;
    await rig.runtime.revoke(revokedId);
    const before = await held(rig, root);
    await rig.run();

    const execs = rig.callsOf('process.exec', root);
    expect(execs).toHaveLength(3);
    for (const call of execs)
      await expectDeniedAndUntouched(rig, call, {
        untouched: async () => {
          expect(await rig.runtime.get(root)).toMatchObject({ imageId: 'base', imageVersion: 2 });
          expect(await held(rig, root)).toStrictEqual(before);
          expect(await held(rig, stranger)).toContainEqual(theirs);
        },
      });
    expect(await rig.runtime.journal({ type: 'process.execed', limit: 10 })).toEqual([]);
    expect(records.read.revokedAt).toBeNull();
  });

  it('gives a re-issued exec its first outcome, though the grant that allowed it is gone', async () => {
    await using rig = await createRig();
    const outcomes: unknown[] = [];
    const { root, records } = await setUp(rig, async (ctx) => {
      const input = { imageId: 'research', keep: [records.read.id] };
      for (let i = 0; i < 2; i++) {
        const result = await ctx.syscall('process.exec', input, { callId: 'exec-once' });
        outcomes.push(result.blocked ? 'blocked' : result.value);
      }
    });
    await rig.run();
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[0]).toMatchObject({
      dropped: [records.write.id, records.spawn.id, records.exec.id],
    });
    expect(await rig.runtime.journal({ type: 'process.execed', limit: 10 })).toHaveLength(1);
    expect((await rig.runtime.get(root)).imageId).toBe('research');
  });

  it('refuses an image version that does not exist without dropping anything', async () => {
    await using rig = await createRig();
    const { root } = await setUp(rig, async (ctx) => {
      await rig.call(ctx, 'process.exec', { imageId: 'research', imageVersion: 9 });
      await rig.call(ctx, 'process.exec', { imageId: 'research@1' });
    });
    const before = await held(rig, root);
    await rig.run();
    const [missing, spelled] = rig.callsOf('process.exec', root);
    expect(missing?.outcome).toMatchObject({ kind: 'error', error: { code: 'NOT_FOUND' } });
    expect(spelled?.outcome).toMatchObject({ kind: 'error', error: { code: 'INVALID_INPUT' } });
    expect(await held(rig, root)).toStrictEqual(before);
    expect(await rig.runtime.get(root)).toMatchObject({ imageId: 'base', imageVersion: 2 });
  });
});
