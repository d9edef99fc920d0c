// The outcomes of calls that changed nothing are written with the quantum's next command, and never lost without a crash.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';

async function outcomesOf(t: TempRuntime, pid: Pid): Promise<string[]> {
  return (await t.runtime.journal({ pid, limit: 100 })).map((e) =>
    e.type === 'syscall.completed'
      ? `completed ${JSON.stringify(e.data['syscall']).replaceAll('"', '')}`
      : e.type,
  );
}

describe('deferred outcomes', () => {
  it('writes a read’s outcome with the next command, before it', async () => {
    const beforeExit: string[] = [];
    await using t = await createTempRuntime({
      body: async (ctx) => {
        await ctx.syscall('fs.read', { path: 'a.txt' });
        beforeExit.push(...(await outcomesOf(t, ctx.pid)));
        await ctx.exit('read');
      },
    });
    await writeFile(join(t.workspace, 'a.txt'), 'a');
    const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'read' });
    await t.runtime.grant({ subject: pid, resource: 'fs:a.txt', rights: 'read' });
    await t.runtime.run();
    // Not a transaction of its own: the read's outcome waits for the exit's command.
    expect(beforeExit).not.toContain('completed fs.read');
    const types = await outcomesOf(t, pid);
    expect(types.indexOf('completed fs.read')).toBeGreaterThan(-1);
    expect(types.indexOf('completed fs.read')).toBeLessThan(types.indexOf('process.exited'));
  });

  it('writes them when the quantum ends without a command of its own (paused mid-quantum)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let read: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      read = resolve;
    });
    await using t = await createTempRuntime({
      body: async (ctx) => {
        await ctx.syscall('fs.read', { path: 'a.txt' });
        read();
        await gate;
      },
    });
    await writeFile(join(t.workspace, 'a.txt'), 'a');
    const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'read' });
    await t.runtime.grant({ subject: pid, resource: 'fs:a.txt', rights: 'read' });
    const running = t.runtime.run();
    await done;
    await t.runtime.signal(pid, 'pause');
    release();
    await running;
    expect((await t.runtime.get(pid)).state.kind).toBe('paused');
    expect(await outcomesOf(t, pid)).toContain('completed fs.read');
  });

  it('still writes at once the outcome of a call that changed something', async () => {
    const seen: string[] = [];
    await using t = await createTempRuntime({
      body: async (ctx) => {
        await ctx.syscall('fs.write', { path: 'b.txt', content: 'b' });
        seen.push(...(await outcomesOf(t, ctx.pid)));
        await ctx.exit(null);
      },
    });
    const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'write' });
    await t.runtime.grant({ subject: pid, resource: 'fs:b.txt', rights: 'write' });
    await t.runtime.run();
    expect(seen).toContain('completed fs.write');
  });
});
