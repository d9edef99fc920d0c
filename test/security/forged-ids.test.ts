// Security corpus: forged capability ids and other processes' real ids, used to delegate, revoke, or pass grants to children.
//
// A capability id the caller does not hold is refused with NOT_PERMITTED, whether it was forged
// or belongs to another process (the two must look alike), and journaled as `syscall.denied`.
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

const FORGED = 'cap_zzzzzzzz0000forged';
const NOT_HELD = { code: 'NOT_PERMITTED', journal: 'syscall.denied' } as const;

/** A victim holding `fs:** read`, and an attacker with a child; returns their ids. */
async function setting(rig: Rig): Promise<{
  victim: Pid;
  victimCap: Capability;
  attacker: Pid;
  child: Pid;
}> {
  plant(rig, { 'secret.txt': 'secret' });
  const victim = await rig.spawn('victim');
  const victimCap = await rig.runtime.grant({
    subject: victim,
    resource: 'fs:**',
    rights: 'read',
  });
  const attacker = await rig.spawn('attacker', {
    grants: [{ resource: 'process:spawn', rights: 'spawn' }],
  });
  const child = await rig.spawn('child', { parentPid: attacker });
  return { victim, victimCap, attacker, child };
}

async function fsRecords(rig: Rig, pid: Pid): Promise<Capability[]> {
  return (await recordsOf(rig, pid)).filter((c) => c.resource.kind === 'fs');
}

describe('forged and foreign capability ids', () => {
  it.each([
    ['a forged id', () => FORGED],
    ['another process’s real id', (id: string) => id],
  ])('refuses to delegate from %s and gives the child nothing', async (_label, idOf) => {
    await using rig = await createRig();
    const s = await setting(rig);
    rig.script('attacker', async (ctx) => {
      await rig.call(ctx, 'capability.delegate', {
        from: idOf(s.victimCap.id),
        to: s.child,
        resource: 'fs:secret.txt',
        rights: ['read'],
      });
    });
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.delegate'), {
      ...NOT_HELD,
      mayName: [s.child],
      untouched: async () => {
        expect(await fsRecords(rig, s.child)).toEqual([]);
      },
    });
  });

  it('gives the same answer for a forged id and another process’s real id', async () => {
    await using rig = await createRig();
    const s = await setting(rig);
    rig.script('attacker', async (ctx) => {
      for (const from of [FORGED, s.victimCap.id])
        await rig.call(ctx, 'capability.revoke', { id: from });
    });
    await rig.run();
    const [forged, foreign] = rig.callsOf('capability.revoke');
    await expectDeniedAndUntouched(rig, foreign!, {
      ...NOT_HELD,
      untouched: async () => {
        expect(await fsRecords(rig, s.victim)).toEqual([s.victimCap]);
      },
    });
    const message = (call: typeof forged, id: string): string =>
      call?.outcome.kind === 'error' ? call.outcome.error.message.replace(id, '<id>') : '';
    expect(message(foreign, s.victimCap.id)).toBe(message(forged, FORGED));
  });

  it('refuses to revoke a forged id', async () => {
    await using rig = await createRig();
    await setting(rig);
    rig.script('attacker', async (ctx) => {
      await rig.call(ctx, 'capability.revoke', { id: FORGED });
    });
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.revoke'), NOT_HELD);
  });

  it.each(['process.spawn', 'process.fork'])(
    'spawns no child when %s passes a grant from another process’s capability',
    async (syscall) => {
      await using rig = await createRig();
      const s = await setting(rig);
      rig.script('attacker', async (ctx) => {
        await rig.call(ctx, syscall, {
          imageId: 'base',
          goal: 'thief',
          grants: [{ from: s.victimCap.id, resource: 'fs:secret.txt', rights: ['read'] }],
        });
      });
      await rig.run();
      await expectDeniedAndUntouched(rig, onlyCall(rig, syscall), {
        ...NOT_HELD,
        untouched: async () => {
          expect(await childrenOf(rig, s.attacker)).toEqual([s.child]);
          expect(await rig.runtime.list()).toHaveLength(3);
        },
      });
    },
  );

  it('does not let another process’s capability authorise anything for the attacker', async () => {
    await using rig = await createRig();
    const s = await setting(rig);
    rig.script('attacker', async (ctx) => {
      await rig.call(ctx, 'fs.read', { path: 'secret.txt' });
    });
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read', s.attacker));
    const [denied] = await rig.runtime.journal({ type: 'syscall.denied', limit: 10 });
    expect(denied?.data).toMatchObject({ capabilityId: null, resource: 'fs:secret.txt' });
  });
});

describe('revoking what the caller did not issue', () => {
  it('refuses to revoke an operator grant the caller holds', async () => {
    await using rig = await createRig();
    plant(rig, { 'a.txt': 'a' });
    const holder = await rig.spawn('holder');
    const cap = await rig.runtime.grant({ subject: holder, resource: 'fs:**', rights: 'read' });
    rig.script('holder', async (ctx) => {
      await rig.call(ctx, 'capability.revoke', { id: cap.id });
    });
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.revoke'), {
      ...NOT_HELD,
      untouched: async () => {
        expect(await fsRecords(rig, holder)).toEqual([cap]);
      },
    });
  });

  it('refuses a child revoking the signal right its parent holds over it', async () => {
    await using rig = await createRig();
    const parent = await rig.spawn('parent');
    const child = await rig.spawn('rebel', { parentPid: parent });
    const [leash] = (await recordsOf(rig, parent)).filter(
      (c) =>
        c.resource.kind === 'process' &&
        c.resource.match === 'exact' &&
        c.rights.includes('signal'),
    );
    expect(leash?.resource).toMatchObject({ path: child });
    rig.script('rebel', async (ctx) => {
      await rig.call(ctx, 'capability.revoke', { id: leash!.id });
    });
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.revoke'), {
      ...NOT_HELD,
      untouched: async () => {
        expect((await recordsOf(rig, parent)).map((c) => c.id)).toContain(leash!.id);
      },
    });
  });
});
