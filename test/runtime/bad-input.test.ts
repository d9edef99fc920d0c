import { describe, expect, it } from 'vitest';
import { LibosError } from '../../src/base/errors.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

async function codeOf(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(LibosError);
    return (error as LibosError).code;
  }
  throw new Error('expected a LibosError');
}

describe('bad input to the runtime API', () => {
  it('rejects a malformed id with INVALID_ID and changes nothing', async () => {
    await using t = await createTempRuntime();
    const before = await t.runtime.journal({ limit: 1000 });
    for (const bad of ['', 'proc_', 'cap_00000001', 'proc_../../etc', 'PROC_00000001']) {
      expect(await codeOf(() => t.runtime.get(bad))).toBe('INVALID_ID');
      expect(await codeOf(() => t.runtime.signal(bad, 'pause'))).toBe('INVALID_ID');
      expect(await codeOf(() => t.runtime.send(bad, 'x'))).toBe('INVALID_ID');
    }
    expect(await t.runtime.journal({ limit: 1000 })).toEqual(before);
  });

  it('rejects an unknown pid with NOT_FOUND and a message naming what was attempted', async () => {
    await using t = await createTempRuntime();
    const error = await t.runtime.signal('proc_00000042', 'pause').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Sending pause to a process failed: no process proc_00000042',
    });
    expect(
      await codeOf(() =>
        t.runtime.spawn({ imageId: 'base', goal: 'x', parentPid: 'proc_00000042' }),
      ),
    ).toBe('NOT_FOUND');
    expect(await t.runtime.list()).toEqual([]);
  });

  it('rejects an illegal transition with ILLEGAL_TRANSITION and leaves the state as it was', async () => {
    await using t = await createTempRuntime();
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'x' });
    const error = await t.runtime.signal(p.pid, 'resume').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      message: 'Sending resume to a process failed: cannot resume a process that is runnable',
    });
    expect(await t.runtime.get(p.pid)).toEqual(p);
    await t.runtime.kill(p.pid);
    expect(await codeOf(() => t.runtime.signal(p.pid, 'pause'))).toBe('ILLEGAL_TRANSITION');
    expect(await codeOf(() => t.runtime.send(p.pid, 'hello'))).toBe('ILLEGAL_TRANSITION');
  });

  it('rejects wrong types with INVALID_INPUT naming the field', async () => {
    await using t = await createTempRuntime();
    const bad = { imageId: 42, goal: 'x' } as unknown as { imageId: string; goal: string };
    const error = await t.runtime.spawn(bad).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'imageId' } });
    expect(await codeOf(() => t.runtime.signal('proc_00000001', 'explode'))).toBe('INVALID_INPUT');
    const extra = { imageId: 'base', goal: 'x', sneaky: true } as unknown as {
      imageId: string;
      goal: string;
    };
    expect(await codeOf(() => t.runtime.spawn(extra))).toBe('INVALID_INPUT');
    expect(
      await codeOf(() => t.runtime.spawn({ imageId: 'base', goal: 'x', cwd: '../outside' })),
    ).toBe('INVALID_INPUT');
    expect(await t.runtime.list()).toEqual([]);
  });

  it('rejects out-of-range numbers with OUT_OF_RANGE', async () => {
    await using t = await createTempRuntime();
    expect(
      await codeOf(() => t.runtime.spawn({ imageId: 'base', goal: 'x', budget: { quanta: -1 } })),
    ).toBe('OUT_OF_RANGE');
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'x' });
    expect(await codeOf(() => t.runtime.send(p.pid, 'y'.repeat(300_000)))).toBe('OUT_OF_RANGE');
    expect((await t.runtime.journal({ limit: 100, type: 'message.sent' })).length).toBe(0);
  });
});
