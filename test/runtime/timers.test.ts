import { describe, expect, it } from 'vitest';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { scriptedBody, untilAborted } from './scripted-bodies.js';

describe('durable timers', () => {
  it('puts a sleeping process in waiting: timer and wakes it when the clock reaches wakeAt', async () => {
    await using t = await createTempRuntime({
      body: scriptedBody({
        nap: async (ctx, q) => {
          if (q === 0) await ctx.sleep(5_000);
          else await ctx.exit('rested');
        },
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'nap' });
    await t.runtime.run();
    const wakeAt = t.clock.now() + 5_000;
    expect((await t.runtime.get(p.pid)).state).toMatchObject({
      kind: 'waiting',
      wait: { on: 'timer', wakeAt },
    });
    t.clock.advance(4_999);
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state.kind).toBe('waiting');
    t.clock.advance(1);
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'rested' });
  });

  it('keeps a timer across a restart and wakes on time after reopening', async () => {
    const body = scriptedBody({
      nap: async (ctx, q) => {
        if (q === 0) await ctx.sleep(60_000);
        else await ctx.exit('after restart');
      },
    });
    await using t = await createTempRuntime({ body });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'nap' });
    await t.runtime.run();
    const reopened = await t.reopen({ body });
    await reopened.run();
    expect((await reopened.get(p.pid)).state.kind).toBe('waiting');
    t.clock.advance(60_000);
    await reopened.run();
    expect((await reopened.get(p.pid)).state).toEqual({ kind: 'exited', result: 'after restart' });
  });

  it('waits for the next timer with waitForTimers on a real time scale', async () => {
    await using t = await createTempRuntime({
      body: scriptedBody({
        nap: async (ctx, q) => {
          if (q === 0) await ctx.sleep(20);
          else await ctx.exit('woke');
        },
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'nap' });
    await t.runtime.run();
    // Move the manual clock from a real timer callback, as wall time would.
    const ticker = setInterval(() => {
      t.clock.advance(10);
    }, 1);
    try {
      await t.runtime.run({ waitForTimers: true });
    } finally {
      clearInterval(ticker);
    }
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'woke' });
  });
});

describe('timers while quanta are in flight', () => {
  it('wakes a due timer without waiting for a long-running quantum to end', async () => {
    let sleeperDone!: () => void;
    const sleeperExited = new Promise<void>((r) => (sleeperDone = r));
    await using t = await createTempRuntime({
      body: scriptedBody({
        long: async (ctx) => {
          // Runs until the sleeper has woken and exited: impossible if timers waited for us.
          await Promise.race([sleeperExited, untilAborted(ctx.signal)]);
          await ctx.exit('long done');
        },
        nap: async (ctx, q) => {
          if (q === 0) {
            await ctx.sleep(20);
            return;
          }
          await ctx.exit('woke');
          sleeperDone();
        },
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'long' });
    const nap = await t.runtime.spawn({ imageId: 'base', goal: 'nap' });
    const ticker = setInterval(() => {
      t.clock.advance(10);
    }, 1);
    try {
      await t.runtime.run({ waitForTimers: true });
    } finally {
      clearInterval(ticker);
    }
    expect((await t.runtime.get(nap.pid)).state).toEqual({ kind: 'exited', result: 'woke' });
    const [long] = await t.runtime.list();
    expect(long?.state).toEqual({ kind: 'exited', result: 'long done' });
  });
});
