// Security corpus: two concurrent runs of one runtime would share one wake-up slot and hang; the second is refused.
import { describe, expect, it } from 'vitest';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

describe('one run at a time', () => {
  it('refuses a second run() while one is going, and both runtimes and runs end', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      entered = resolve;
    });
    await using t = await createTempRuntime({
      body: async (ctx) => {
        entered();
        await gate;
        await ctx.exit('done');
      },
    });
    const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'hold the run' });
    const first = t.runtime.run();
    await started;
    await expect(t.runtime.run()).rejects.toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      message: expect.stringContaining('already running') as unknown,
    });
    release();
    await expect(first).resolves.toMatchObject({ stoppedBy: 'idle' });
    expect((await t.runtime.get(pid)).state).toEqual({ kind: 'exited', result: 'done' });
    // Once the first run ended, running again is fine.
    await expect(t.runtime.run()).resolves.toMatchObject({ stoppedBy: 'idle', quanta: 0 });
  });
});
