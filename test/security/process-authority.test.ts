// Security corpus: process, human and clock syscalls made without the capability they need.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { QuantumContext } from '../../src/runtime/quantum-context.js';
import {
  allRequests,
  childrenOf,
  createRig,
  expectDeniedAndUntouched,
  idle,
  onlyCall,
  type Rig,
  type RigGrant,
} from './helpers.js';

/**
 * A family: a root with two children (`attacker` and `sibling`), the attacker with a child of
 * its own (`grandchild` of the root), and an unrelated `stranger`. Everyone but the attacker
 * just waits for messages.
 */
async function family(
  rig: Rig,
  attack: (ctx: QuantumContext, pids: Family) => Promise<void>,
  grants: readonly RigGrant[] = [],
): Promise<Family> {
  const root = await rig.spawn('idle');
  const attacker = await rig.spawn('attacker', { parentPid: root, grants });
  const sibling = await rig.spawn('idle', { parentPid: root });
  const grandchild = await rig.spawn('idle', { parentPid: attacker });
  const stranger = await rig.spawn('idle');
  const pids = { root, attacker, sibling, grandchild, stranger };
  rig.script('idle', idle, { then: 'park' });
  rig.script('attacker', (ctx) => attack(ctx, pids), { then: 'park' });
  await rig.run();
  return pids;
}

interface Family {
  readonly root: Pid;
  readonly attacker: Pid;
  readonly sibling: Pid;
  readonly grandchild: Pid;
  readonly stranger: Pid;
}

async function stateOf(rig: Rig, pid: Pid): Promise<string> {
  return (await rig.runtime.get(pid)).state.kind;
}

async function mailbox(rig: Rig, pid: Pid): Promise<unknown[]> {
  return rig.runtime.store.read((r) => r.listUndelivered(pid, 100));
}

describe('process syscalls without the capability they need', () => {
  it('denies process.spawn without process:spawn and spawns nothing', async () => {
    await using rig = await createRig();
    const f = await family(rig, async (ctx) => {
      await rig.call(ctx, 'process.spawn', { imageId: 'base', goal: 'minion' });
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.spawn'), {
      untouched: async () => {
        expect(await childrenOf(rig, f.attacker)).toEqual([f.grandchild]);
      },
    });
  });

  it('denies process.fork without process:spawn and forks nothing', async () => {
    await using rig = await createRig();
    const f = await family(rig, async (ctx) => {
      await rig.call(ctx, 'process.fork', {});
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.fork'), {
      untouched: async () => {
        expect(await childrenOf(rig, f.attacker)).toEqual([f.grandchild]);
      },
    });
  });

  it.each([
    ['no image grant at all', []],
    ['a grant for another image', [{ resource: 'image:helper', rights: 'exec' }]],
    ['a read grant on the image', [{ resource: 'image:root-shell', rights: 'read' }]],
  ] as const)('denies process.exec of image:root-shell with %s', async (_label, grants) => {
    await using rig = await createRig();
    const f = await family(
      rig,
      async (ctx) => {
        await rig.call(ctx, 'process.exec', { imageId: 'root-shell', goal: 'own the box' });
      },
      grants,
    );
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.exec'), {
      untouched: async () => {
        const attacker = await rig.runtime.get(f.attacker);
        expect(attacker).toMatchObject({ imageId: 'base', goal: 'attacker' });
        expect(await rig.runtime.journal({ type: 'process.execed', limit: 10 })).toEqual([]);
      },
    });
  });

  it.each([
    ['terminate', 'its sibling', 'sibling'],
    ['pause', 'its parent', 'root'],
    ['terminate', 'its parent', 'root'],
  ] as const)('denies process.signal %s to %s', async (signal, _label, target) => {
    await using rig = await createRig();
    let victim!: Pid;
    const f = await family(rig, async (ctx, pids) => {
      victim = pids[target];
      await rig.call(ctx, 'process.signal', { pid: victim, signal });
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.signal'), {
      mayName: [victim],
      untouched: async () => {
        expect(await stateOf(rig, f[target])).toBe('waiting');
        expect(await stateOf(rig, f.grandchild)).toBe('waiting');
      },
    });
  });

  it('denies the root signalling its grandchild (only direct children)', async () => {
    await using rig = await createRig();
    const root = await rig.spawn('root');
    const child = await rig.spawn('idle', { parentPid: root });
    const grandchild = await rig.spawn('idle', { parentPid: child });
    rig.script('idle', idle, { then: 'park' });
    rig.script(
      'root',
      async (ctx) => {
        await rig.call(ctx, 'process.signal', { pid: grandchild, signal: 'terminate' });
      },
      { then: 'park' },
    );
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.signal'), {
      mayName: [grandchild],
      untouched: async () => {
        expect(await stateOf(rig, grandchild)).toBe('waiting');
      },
    });
  });

  it.each(['sibling', 'stranger'] as const)(
    'denies process.send to its %s and delivers nothing',
    async (target) => {
      await using rig = await createRig();
      let to!: Pid;
      const f = await family(rig, async (ctx, pids) => {
        to = pids[target];
        await rig.call(ctx, 'process.send', { to, body: { order: 'exfiltrate' } });
      });
      await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.send'), {
        mayName: [to],
        untouched: async () => {
          expect(await mailbox(rig, f[target])).toEqual([]);
          expect(await rig.runtime.journal({ type: 'message.sent', limit: 10 })).toEqual([]);
        },
      });
    },
  );

  it('denies the root messaging its grandchild (only direct children)', async () => {
    await using rig = await createRig();
    const root = await rig.spawn('root');
    const child = await rig.spawn('idle', { parentPid: root });
    const grandchild = await rig.spawn('idle', { parentPid: child });
    rig.script('idle', idle, { then: 'park' });
    rig.script(
      'root',
      async (ctx) => {
        await rig.call(ctx, 'process.send', { to: grandchild, body: 'hello' });
      },
      { then: 'park' },
    );
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.send'), {
      mayName: [grandchild],
      untouched: async () => {
        expect(await mailbox(rig, grandchild)).toEqual([]);
      },
    });
  });
});

describe('human and clock syscalls without a grant', () => {
  it.each([
    ['human.ask', { question: 'What is the root password?' }],
    ['human.notify', { message: 'urgent: approve everything' }],
    ['capability.request', { resource: 'fs:docs/**', rights: ['read'], reason: 'please' }],
    ['human.requestPermission', { resource: 'fs:docs/**', rights: ['read'], reason: 'please' }],
  ] as const)('denies %s and leaves no request for a human', async (name, input) => {
    await using rig = await createRig();
    await family(rig, async (ctx) => {
      await rig.call(ctx, name, input);
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, name), {
      untouched: async () => {
        expect(await allRequests(rig)).toEqual([]);
      },
    });
  });

  it('denies clock.sleep without clock:sleep and does not park the process', async () => {
    await using rig = await createRig();
    const f = await family(rig, async (ctx) => {
      await rig.call(ctx, 'clock.sleep', { ms: 1_000 });
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'clock.sleep'), {
      untouched: async () => {
        expect((await rig.runtime.get(f.attacker)).state).toMatchObject({
          kind: 'waiting',
          wait: { on: 'message' },
        });
        expect(await mailbox(rig, f.attacker)).toEqual([]);
      },
    });
  });
});
