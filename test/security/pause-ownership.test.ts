// Security corpus: a parent resumes only the pauses it made itself; interrupting needs the signal right.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import {
  createRig,
  expectDeniedAndUntouched,
  idle,
  onlyCall,
  type Rig,
  type Script,
} from './helpers.js';

/** A parent and a parked child; the parent's script runs once `pause` has paused the child. */
async function pausedChild(
  rig: Rig,
  options: {
    pause: (child: Pid) => Promise<void>;
    parent: (child: Pid) => Script;
    budget?: { quanta: number };
  },
): Promise<{ parent: Pid; child: Pid }> {
  const paused: { child?: Pid } = {};
  // The parent parks until the child is paused, then runs its script once (woken by a message).
  rig.script(
    'parent',
    async (ctx, turn) => {
      if (turn > 0 && paused.child !== undefined) await options.parent(paused.child)(ctx, turn);
    },
    { then: 'park' },
  );
  const parent = await rig.spawn('parent');
  const child = (
    await rig.runtime.spawn({
      imageId: 'base',
      goal: 'child',
      parentPid: parent,
      ...(options.budget === undefined ? {} : { budget: options.budget }),
    })
  ).pid;
  rig.script('child', idle, { then: 'park' });
  await rig.run();
  await options.pause(child);
  paused.child = child;
  await rig.runtime.send(parent, 'go');
  await rig.run();
  return { parent, child };
}

async function pauseOf(rig: Rig, pid: Pid): Promise<unknown> {
  const { state } = await rig.runtime.get(pid);
  return state.kind === 'paused' ? state.reason : state.kind;
}

describe('a parent may resume only what it paused itself', () => {
  it("refuses a parent's resume of an operator's pause and leaves the child paused", async () => {
    await using rig = await createRig();
    const { child } = await pausedChild(rig, {
      pause: (pid) => rig.runtime.signal(pid, 'pause'),
      parent: (pid) => async (ctx) => {
        await rig.call(ctx, 'process.signal', { pid, signal: 'resume' });
      },
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.signal'), {
      mayName: [child],
      untouched: async () => {
        expect(await pauseOf(rig, child)).toBe('operator');
      },
    });
  });

  it("refuses a parent's resume of a budget pause", async () => {
    await using rig = await createRig();
    const { child } = await pausedChild(rig, {
      budget: { quanta: 1 },
      // The child's one quantum parks it on a message; the operator's message wakes it into a
      // second quantum, which its budget refuses: paused (budget).
      pause: async (pid) => {
        await rig.runtime.send(pid, 'wake up');
        await rig.run();
        expect(await pauseOf(rig, pid)).toBe('budget');
      },
      parent: (pid) => async (ctx) => {
        await rig.call(ctx, 'process.signal', { pid, signal: 'resume' });
      },
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.signal'), {
      mayName: [child],
      untouched: async () => {
        expect(await pauseOf(rig, child)).toBe('budget');
      },
    });
  });

  it('lets a parent resume a pause it made itself', async () => {
    await using rig = await createRig();
    const parent = await rig.spawn('parent');
    const child = await rig.spawn('child', { parentPid: parent });
    rig.script('child', idle, { then: 'park' });
    rig.script('parent', async (ctx, turn) => {
      if (turn === 0) {
        await rig.call(ctx, 'process.signal', { pid: child, signal: 'pause' });
        expect(await pauseOf(rig, child)).toBe('parent');
        await rig.call(ctx, 'process.signal', { pid: child, signal: 'resume' });
      }
    });
    await rig.run();
    expect(rig.callsOf('process.signal').map((c) => c.outcome.kind)).toEqual(['value', 'value']);
    expect(await pauseOf(rig, child)).not.toBe('parent');
  });

  it("does not let a parent's pause cover an operator's pause it could then lift", async () => {
    await using rig = await createRig();
    const { child } = await pausedChild(rig, {
      pause: (pid) => rig.runtime.signal(pid, 'pause'),
      parent: (pid) => async (ctx) => {
        await rig.call(ctx, 'process.signal', { pid, signal: 'pause' });
        await rig.call(ctx, 'process.signal', { pid, signal: 'resume' });
      },
    });
    expect(rig.callsOf('process.signal').every((c) => c.outcome.kind === 'error')).toBe(true);
    expect(await pauseOf(rig, child)).toBe('operator');
  });
});

describe('interrupting another process needs the signal right', () => {
  it('refuses process.send {interrupt: true} from a child to its parent', async () => {
    await using rig = await createRig();
    const parent = await rig.spawn('parent');
    const child = await rig.spawn('child', { parentPid: parent });
    rig.script('parent', idle, { then: 'park' });
    rig.script('child', async (ctx) => {
      await rig.call(ctx, 'process.send', { to: parent, body: 'stop!', interrupt: true });
    });
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.send', child), {
      mayName: [parent],
      untouched: async () => {
        expect((await rig.runtime.get(parent)).pendingInterrupts).toBe(0);
        const mailbox = await rig.runtime.store.read((r) => r.listUndelivered(parent, 10));
        expect(mailbox).toEqual([]);
      },
    });
  });

  it('still lets a child send its parent a plain message', async () => {
    await using rig = await createRig();
    const parent = await rig.spawn('parent');
    const child = await rig.spawn('child', { parentPid: parent });
    rig.script('parent', idle, { then: 'park' });
    rig.script('child', async (ctx) => {
      await rig.call(ctx, 'process.send', { to: parent, body: 'done' });
    });
    await rig.run();
    expect(onlyCall(rig, 'process.send', child).outcome.kind).toBe('value');
  });

  it('lets a parent interrupt its child with process.send (it holds signal on it)', async () => {
    await using rig = await createRig();
    const parent = await rig.spawn('parent');
    const child = await rig.spawn('child', { parentPid: parent });
    rig.script('child', idle, { then: 'park' });
    rig.script('parent', async (ctx) => {
      await rig.call(ctx, 'process.send', { to: child, body: 'look up', interrupt: true });
    });
    await rig.run();
    expect(onlyCall(rig, 'process.send', parent).outcome.kind).toBe('value');
  });
});

describe('the kernel checks the lineage of an interrupt too', () => {
  it('refuses a child interrupting its parent even when it holds signal on it', async () => {
    await using rig = await createRig();
    const parent = await rig.spawn('parent');
    const child = await rig.spawn('child', {
      parentPid: parent,
      grants: [{ resource: `process:${parent}`, rights: 'signal,message' }],
    });
    rig.script('parent', idle, { then: 'park' });
    rig.script('child', async (ctx) => {
      await rig.call(ctx, 'process.send', { to: parent, body: 'stop!', interrupt: true });
      await rig.call(ctx, 'process.signal', { pid: parent, signal: 'interrupt' });
    });
    await rig.run();
    for (const syscall of ['process.send', 'process.signal'])
      await expectDeniedAndUntouched(rig, onlyCall(rig, syscall, child), {
        mayName: [parent],
        untouched: async () => {
          expect((await rig.runtime.get(parent)).pendingInterrupts).toBe(0);
        },
      });
  });
});
