import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { Message } from '../../src/kernel/mailbox/types.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { scriptedBody } from './scripted-bodies.js';

describe('mailbox', () => {
  it('lets a process message itself, its parent and its children, but not a sibling', async () => {
    const codes: Record<string, string> = {};
    const pids: Record<string, Pid> = {};
    await using t = await createTempRuntime({
      body: scriptedBody({
        parent: async (ctx) => {
          pids.a = (await ctx.spawn({ imageId: 'base', goal: 'a' })).pid;
          pids.b = (await ctx.spawn({ imageId: 'base', goal: 'b' })).pid;
          await ctx.send(pids.a, 'to child');
          await ctx.send(ctx.pid, 'to self');
          await ctx.sleep(1e9);
        },
        a: async (ctx) => {
          await ctx.send(ctx.process.parentPid!, 'to parent');
          try {
            await ctx.send(pids.b!, 'to sibling');
          } catch (error) {
            codes.sibling = (error as { code: string }).code;
          }
          try {
            await ctx.send('proc_99999999' as Pid, 'to nobody');
          } catch (error) {
            codes.unknown = (error as { code: string }).code;
          }
          await ctx.sleep(1e9);
        },
        b: async (ctx) => ctx.sleep(1e9),
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    await t.runtime.run();
    // Unknown and unrelated pids are indistinguishable to a process.
    expect(codes).toEqual({ sibling: 'NOT_PERMITTED', unknown: 'NOT_PERMITTED' });
    expect((await t.runtime.journal({ limit: 100, type: 'message.sent' })).length).toBe(3);
  });

  it('wakes a blocked receiver on a matching post and never on a non-matching one', async () => {
    const received: Message[] = [];
    let parentPid: Pid | undefined;
    await using t = await createTempRuntime({
      body: scriptedBody({
        listener: async (ctx) => {
          parentPid = ctx.process.parentPid ?? undefined;
          const got = await ctx.receive({ wait: true, filter: { from: ['operator'] } });
          if (got.blocked) return;
          received.push(...got.value);
          await ctx.exit(null);
        },
        parent: async (ctx, q) => {
          if (q === 0) {
            const child = await ctx.spawn({ imageId: 'base', goal: 'listener' });
            await ctx.send(child.pid, 'from parent: filtered out');
          }
          await ctx.sleep(1e9);
        },
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    await t.runtime.run();
    const [, listener] = await t.runtime.list();
    expect(parentPid).toBeDefined();
    expect(listener?.state).toMatchObject({ kind: 'waiting', wait: { on: 'message' } });
    await t.runtime.send(listener!.pid, 'from operator');
    expect((await t.runtime.get(listener!.pid)).state.kind).toBe('runnable');
    await t.runtime.run();
    expect(received.map((m) => m.body)).toEqual(['from operator']);
    expect((await t.runtime.get(listener!.pid)).state.kind).toBe('exited');
  });

  it('returns messages posted before a receive without blocking (no lost wake-up)', async () => {
    const got: unknown[] = [];
    await using t = await createTempRuntime({
      body: scriptedBody({
        late: async (ctx) => {
          const r = await ctx.receive({ wait: true });
          if (!r.blocked) got.push(...r.value.map((m) => m.body));
          await ctx.exit(null);
        },
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'late' });
    await t.runtime.send(p.pid, 1);
    await t.runtime.send(p.pid, 2);
    await t.runtime.run();
    expect(got).toEqual([1, 2]);
  });

  it('reads without blocking when wait is false', async () => {
    const results: boolean[] = [];
    await using t = await createTempRuntime({
      body: scriptedBody({
        poll: async (ctx) => {
          const r = await ctx.receive({ wait: false });
          results.push(r.blocked || r.value.length > 0);
          await ctx.exit(null);
        },
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'poll' });
    await t.runtime.run();
    expect(results).toEqual([false]);
  });
});
