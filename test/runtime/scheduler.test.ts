import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { scriptedBody, untilAborted } from './scripted-bodies.js';

describe('scheduler', () => {
  it.each([1, 16])(
    'gives 100 always-runnable processes fair round-robin turns (in flight: %i)',
    async (maxInFlight) => {
      const order: Pid[] = [];
      await using t = await createTempRuntime({
        maxInFlight,
        body: scriptedBody({
          spin: (ctx) => {
            order.push(ctx.pid);
            return Promise.resolve();
          },
        }),
      });
      const pids: Pid[] = [];
      for (let i = 0; i < 100; i++)
        pids.push((await t.runtime.spawn({ imageId: 'base', goal: 'spin' })).pid);
      const report = await t.runtime.run({ maxQuanta: 1000 });
      expect(report).toEqual({ quanta: 1000, stoppedBy: 'max-quanta' });
      expect(order).toHaveLength(1000);
      // Over every window of the schedule, no process got more than one quantum more than another.
      for (const size of [50, 100, 150, 333]) {
        for (let start = 0; start + size <= order.length; start += 7) {
          const counts = new Map<Pid, number>(pids.map((p) => [p, 0]));
          for (const pid of order.slice(start, start + size))
            counts.set(pid, (counts.get(pid) ?? 0) + 1);
          const values = [...counts.values()];
          expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
        }
      }
    },
  );

  it('never runs more quanta at once than the in-flight bound', async () => {
    let current = 0;
    let peak = 0;
    await using t = await createTempRuntime({
      maxInFlight: 5,
      body: async (ctx) => {
        current += 1;
        peak = Math.max(peak, current);
        await new Promise((r) => setImmediate(r));
        current -= 1;
        await ctx.exit(null);
      },
    });
    for (let i = 0; i < 40; i++) await t.runtime.spawn({ imageId: 'base', goal: 'g' });
    const report = await t.runtime.run();
    expect(report.quanta).toBe(40);
    expect(peak).toBe(5);
  });

  it('pauses a process whose quantum budget is used up and journals it', async () => {
    await using t = await createTempRuntime({
      body: scriptedBody({ spin: () => Promise.resolve() }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'spin', budget: { quanta: 3 } });
    const report = await t.runtime.run();
    expect(report.stoppedBy).toBe('idle');
    const after = await t.runtime.get(p.pid);
    expect(after.usage.quanta).toBe(3);
    expect(after.state).toMatchObject({ kind: 'paused', reason: 'budget' });
    const entries = await t.runtime.journal({ limit: 100, type: 'budget.exceeded' });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.data).toMatchObject({ dimension: 'quanta', policy: 'pause' });
  });

  it('kills a process over budget when its policy says kill', async () => {
    await using t = await createTempRuntime({
      body: scriptedBody({ spin: () => Promise.resolve() }),
    });
    const p = await t.runtime.spawn({
      imageId: 'base',
      goal: 'spin',
      budget: { quanta: 2 },
      onBudgetExceeded: 'kill',
    });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toMatchObject({ kind: 'killed', signal: 'kill' });
  });

  it('aborts the in-flight quantum when the operator pauses the process, and resumes it later', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let aborted = false;
    await using t = await createTempRuntime({
      body: scriptedBody({
        block: async (ctx, quantum) => {
          if (quantum > 0) return ctx.exit('second quantum');
          started();
          await untilAborted(ctx.signal);
          aborted = true;
        },
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'block' });
    const run = t.runtime.run();
    await running;
    await t.runtime.signal(p.pid, 'pause');
    await run;
    expect(aborted).toBe(true);
    expect((await t.runtime.get(p.pid)).state).toMatchObject({
      kind: 'paused',
      reason: 'operator',
    });
    await t.runtime.signal(p.pid, 'resume');
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toEqual({
      kind: 'exited',
      result: 'second quantum',
    });
  });

  it('delivers an interrupt first: aborts the quantum and hands the message over at the next one', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const seen: unknown[] = [];
    const order: string[] = [];
    await using t = await createTempRuntime({
      maxInFlight: 1,
      body: scriptedBody({
        worker: async (ctx, quantum) => {
          order.push(`worker:${quantum}`);
          if (quantum === 0) {
            started();
            await untilAborted(ctx.signal);
            return;
          }
          seen.push(...ctx.interrupts.map((m) => m.body));
          await ctx.exit('handled');
        },
        other: async (ctx) => {
          order.push('other');
          await ctx.exit(null);
        },
      }),
    });
    const w = await t.runtime.spawn({ imageId: 'base', goal: 'worker' });
    const run = t.runtime.run();
    await running;
    for (let i = 0; i < 3; i++) await t.runtime.spawn({ imageId: 'base', goal: 'other' });
    await t.runtime.send(w.pid, { stop: true }, { interrupt: true });
    await run;
    expect(seen).toEqual([{ stop: true }]);
    // The interrupted worker ran again before the processes that were queued ahead of it.
    expect(order.slice(0, 2)).toEqual(['worker:0', 'worker:1']);
    expect((await t.runtime.get(w.pid)).pendingInterrupts).toBe(0);
  });

  it('kills the subtree and aborts in-flight quanta on terminate', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    await using t = await createTempRuntime({
      body: scriptedBody({
        parent: async (ctx) => {
          await ctx.spawn({ imageId: 'base', goal: 'child' });
          await ctx.sleep(60_000);
        },
        child: async (ctx) => {
          started();
          await untilAborted(ctx.signal);
        },
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    const run = t.runtime.run();
    await running;
    await t.runtime.kill(p.pid);
    await run;
    const all = await t.runtime.list();
    expect(all.map((x) => x.state.kind)).toEqual(['killed', 'killed']);
  });

  it('lets timers and abort signals in during a long run of quanta that never await I/O', async () => {
    await using t = await createTempRuntime({
      body: scriptedBody({ spin: () => Promise.resolve() }),
    });
    for (let i = 0; i < 20; i++) await t.runtime.spawn({ imageId: 'base', goal: 'spin' });
    // Without yielding to the event loop this timeout could never fire while quanta remain.
    const report = await t.runtime.run({ signal: AbortSignal.timeout(100) });
    expect(report.stoppedBy).toBe('signal');
    expect(report.quanta).toBeGreaterThan(0);
  });

  it('runs only the named subtree, children spawned during the run included, and keeps the rest queued', async () => {
    await using t = await createTempRuntime({
      body: scriptedBody({
        parent: async (ctx, q) => {
          if (q === 0) await ctx.spawn({ imageId: 'base', goal: 'child' });
          else await ctx.exit('parent done');
        },
        child: (ctx) => ctx.exit('child done'),
        other: (ctx) => ctx.exit('other done'),
      }),
    });
    const parent = await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    const other = await t.runtime.spawn({ imageId: 'base', goal: 'other' });
    await t.runtime.run({ subtree: parent.pid });
    expect((await t.runtime.get(parent.pid)).state).toEqual({
      kind: 'exited',
      result: 'parent done',
    });
    const [child] = await t.runtime
      .list({ states: ['exited'] })
      .then((all) => all.filter((p) => p.parentPid === parent.pid));
    expect(child?.state).toEqual({ kind: 'exited', result: 'child done' });
    expect((await t.runtime.get(other.pid)).state.kind).toBe('runnable');
    await t.runtime.run();
    expect((await t.runtime.get(other.pid)).state).toEqual({
      kind: 'exited',
      result: 'other done',
    });
  });

  it('keeps running when idle with forever, starting work that arrives later, until its signal', async () => {
    await using t = await createTempRuntime({
      body: scriptedBody({ late: (ctx) => ctx.exit('ran') }),
    });
    const stop = new AbortController();
    const running = t.runtime.run({ forever: true, signal: stop.signal });
    // Idle now: a run without forever would have returned; a spawn made later still runs.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const late = await t.runtime.spawn({ imageId: 'base', goal: 'late' });
    while ((await t.runtime.get(late.pid)).state.kind !== 'exited')
      await new Promise((resolve) => setTimeout(resolve, 5));
    stop.abort();
    expect(await running).toEqual({ quanta: 1, stoppedBy: 'signal' });
  });

  it('stops a long quantum where it is when the run is stopped: it yields and nothing stays running', async () => {
    await using t = await createTempRuntime({
      body: scriptedBody({ long: (ctx) => untilAborted(ctx.signal) }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'long' });
    const stop = new AbortController();
    const running = t.runtime.run({ signal: stop.signal });
    while ((await t.runtime.get(p.pid)).state.kind !== 'running')
      await new Promise((resolve) => setTimeout(resolve, 5));
    stop.abort();
    expect(await running).toEqual({ quanta: 1, stoppedBy: 'signal' });
    expect((await t.runtime.get(p.pid)).state.kind).toBe('runnable');
  });
});
