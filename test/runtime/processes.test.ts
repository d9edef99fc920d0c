import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { ChildEnding } from '../../src/ports/kernel-ops.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { scriptedBody } from './scripted-bodies.js';

describe('processes', () => {
  it('spawns, waits on a child and reads how it ended', async () => {
    const outcomes: ChildEnding[] = [];
    let child: Pid | undefined;
    await using t = await createTempRuntime({
      body: scriptedBody({
        parent: async (ctx, quantum) => {
          if (quantum === 0) child = (await ctx.spawn({ imageId: 'research', goal: 'child' })).pid;
          const result = await ctx.wait([child!]);
          if (result.blocked) return;
          outcomes.push(...result.value);
          await ctx.exit('parent done');
        },
        child: async (ctx) => ctx.exit({ answer: 42 }),
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'orchestrator', goal: 'parent' });
    await t.runtime.run();
    expect(outcomes).toEqual([{ pid: child, state: { kind: 'exited', result: { answer: 42 } } }]);
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'parent done' });
    const types = (await t.runtime.journal({ limit: 100, pid: p.pid })).map((e) => e.type);
    expect(types).toContain('process.blocked');
    expect(types).toContain('process.woken');
  });

  it('forks a child that inherits image, goal and cwd; exec swaps the image and keeps the pid', async () => {
    await using t = await createTempRuntime({
      body: scriptedBody({
        root: async (ctx) => {
          await ctx.chdir('src/lib');
          await ctx.fork({ name: 'copy', goal: 'forked' });
          await ctx.exec({ imageId: 'coding' });
          await ctx.sleep(1000);
        },
        forked: async (ctx) => ctx.sleep(1000),
      }),
    });
    const root = await t.runtime.spawn({ imageId: 'base', goal: 'root' });
    await t.runtime.run();
    const [parent, child] = await t.runtime.list();
    expect(parent).toMatchObject({
      pid: root.pid,
      imageId: 'coding',
      imageVersion: 3,
      cwd: 'src/lib',
    });
    expect(child).toMatchObject({
      parentPid: root.pid,
      imageId: 'base',
      cwd: 'src/lib',
      name: 'copy',
      goal: 'forked',
    });
    const execed = await t.runtime.journal({ limit: 10, type: 'process.execed' });
    expect(execed[0]?.data).toMatchObject({ from: 'base@2', imageId: 'coding', imageVersion: 3 });
  });

  it('carves a child budget from the parent remainder and rolls usage up to every ancestor', async () => {
    await using t = await createTempRuntime({
      body: scriptedBody({
        top: async (ctx) => {
          await ctx.spawn({ imageId: 'base', goal: 'middle', budget: { quanta: 1000 } });
          await ctx.sleep(1e9);
        },
        middle: async (ctx) => {
          await ctx.spawn({ imageId: 'base', goal: 'leaf' });
          await ctx.sleep(1e9);
        },
        leaf: async (ctx) => {
          await ctx.charge({ tokens: 7, toolCalls: 2 });
          await ctx.exit(null);
        },
      }),
    });
    const top = await t.runtime.spawn({
      imageId: 'base',
      goal: 'top',
      budget: { quanta: 10, tokens: 100, children: 5 },
    });
    await t.runtime.run();
    const [root, middle, leaf] = await t.runtime.list();
    // The middle asked for 1000 quanta; it gets what the top had left (10 - 1 used).
    expect(middle?.budget).toEqual({ quanta: 9, tokens: 100, children: 4 });
    expect(leaf?.budget).toEqual({ quanta: 8, tokens: 100, children: 3 });
    expect(root?.pid).toBe(top.pid);
    expect(root?.usage).toEqual({ quanta: 3, toolCalls: 2, children: 2, tokens: 7 });
    expect(middle?.usage).toEqual({ quanta: 2, toolCalls: 2, children: 1, tokens: 7 });
    expect(leaf?.usage).toEqual({ quanta: 1, toolCalls: 2, children: 0, tokens: 7 });
  });

  it('refuses a spawn that would exceed an ancestor budget, leaving nothing behind', async () => {
    const errors: string[] = [];
    await using t = await createTempRuntime({
      body: scriptedBody({
        top: async (ctx) => {
          for (let i = 0; i < 3; i++) {
            try {
              await ctx.spawn({ imageId: 'base', goal: 'idle' });
            } catch (error) {
              errors.push((error as { code: string }).code);
            }
          }
          await ctx.exit(null);
        },
        idle: async (ctx) => ctx.sleep(1e9),
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'top', budget: { children: 2 } });
    await t.runtime.run();
    expect(errors).toEqual(['BUDGET_EXCEEDED']);
    // Two children spawned, then killed with their parent's exit.
    expect((await t.runtime.list()).map((p) => p.state.kind)).toEqual([
      'exited',
      'killed',
      'killed',
    ]);
  });

  it('kills live descendants when a process exits, and wakes a parent waiting on the one that ended', async () => {
    await using t = await createTempRuntime({
      body: scriptedBody({
        a: async (ctx, q) => {
          if (q === 0) {
            const b = await ctx.spawn({ imageId: 'base', goal: 'b' });
            await ctx.wait([b.pid]);
            return;
          }
          await ctx.exit('a saw b end');
        },
        b: async (ctx) => {
          await ctx.spawn({ imageId: 'base', goal: 'c' });
          await ctx.exit('b');
        },
        c: async (ctx) => ctx.sleep(1e9),
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'a' });
    await t.runtime.run();
    const states = (await t.runtime.list()).map((p) => [p.goal, p.state.kind]);
    expect(states).toEqual([
      ['a', 'exited'],
      ['b', 'exited'],
      ['c', 'killed'],
    ]);
  });

  it('fails a process whose quantum throws, with the error code', async () => {
    await using t = await createTempRuntime({
      body: scriptedBody({
        bad: async (ctx) => {
          await ctx.chdir('../../etc');
        },
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'bad' });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toMatchObject({
      kind: 'failed',
      code: 'INVALID_INPUT',
    });
  });

  it("spawns with the operator's records in one step: all of them, or no process at all", async () => {
    await using t = await createTempRuntime();
    const p = await t.runtime.spawn({
      imageId: 'base',
      goal: 'work',
      records: [
        { resource: 'fs:notes/**', rights: ['read'] },
        { resource: 'fs:notes/secret.md', rights: ['read'], effect: 'deny', once: true },
      ],
    });
    const records = await t.runtime.capabilities({ subject: p.pid, limit: 100 });
    expect(records.filter((r) => r.issuedBy === 'operator').map((r) => r.effect)).toEqual([
      'allow',
      'deny',
    ]);
    const spawnedFirst = (await t.runtime.journal({ limit: 1000, pid: p.pid }))[0];
    expect(spawnedFirst?.type).toBe('process.spawned');
    // A record that cannot be granted (no such object) leaves nothing behind, not even the process.
    const before = await t.runtime.list({ limit: 1000 });
    await expect(
      t.runtime.spawn({
        imageId: 'base',
        goal: 'work',
        records: [
          { resource: 'fs:a.txt', rights: ['read'] },
          { resource: 'object:obj_00000000000000000000000000', rights: ['read'] },
        ],
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.runtime.list({ limit: 1000 })).toEqual(before);
  });
});
