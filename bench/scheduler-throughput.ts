// Scheduler throughput with no-op quanta over many live processes, and heap held per idle process (ARCHITECTURE §11).
import { join } from 'node:path';
import { openRuntime } from '../src/open-runtime.js';
import type { Runtime } from '../src/runtime/runtime.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';
import { settledHeapUsed } from './lib/force-gc.js';
import { createTempDir } from './lib/temp-dir.js';
import { countStates } from './lib/count-states.js';
import { describeLoad } from './lib/describe-load.js';
import { cpuSecondsSince } from './lib/measure-rate.js';
import type { Body } from './lib/workload-body.js';

const BENCH = 'scheduler-throughput';
const QUANTA_TARGET = 20_000;
const HEAP_TARGET_BYTES = 2 * 1024;
const SPAWN_IN_FLIGHT = 64;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Quanta/s with N live runnable processes whose body returns at once (so each quantum is a durable
 * claim plus a durable yield), then heap bytes per idle process: processes that each ran one
 * quantum and now wait on a day-long durable timer, with the runtime open.
 */
export async function schedulerThroughput(options: BenchOptions): Promise<BenchResult[]> {
  const sizes = options.quick ? [1_000, 2_000] : [1_000, 10_000];
  const durationMs = options.quick ? 1_000 : 5_000;
  const results: BenchResult[] = [];
  for (const live of sizes) results.push(await measureQuanta(live, { ...options, durationMs }));
  results.push(await measureIdleHeap(options.quick ? 2_000 : 10_000, options));
  return results;
}

async function measureQuanta(
  live: number,
  options: BenchOptions & { durationMs: number },
): Promise<BenchResult> {
  const dir = await createTempDir('sched');
  try {
    const rt = await openRuntime({
      workspace: dir.path,
      db: join(dir.path, 'state', 'runtime.db'),
      body: () => Promise.resolve(),
    });
    try {
      options.log(`${BENCH}: spawning ${live} processes`);
      await spawnMany(rt, live, 'noop');
      // One full round warms the code paths and the page cache, and sizes the measured run.
      const warmStart = performance.now();
      await rt.run({ maxQuanta: live });
      const warmRate = live / ((performance.now() - warmStart) / 1000);
      // A quantum limit, not a timer: with a synchronous store and no-op bodies the scheduler
      // never yields to the event loop, so a timer (or AbortSignal.timeout) would not fire.
      const maxQuanta = Math.max(live, Math.round((warmRate * options.durationMs) / 1000));
      options.log(`${BENCH}: ${maxQuanta} no-op quanta over ${live} live processes`);
      let timerFiredAfterMs: number | undefined;
      const cpu = process.cpuUsage();
      const start = performance.now();
      setTimeout(() => {
        timerFiredAfterMs = performance.now() - start;
      }, 0);
      const report = await rt.run({ maxQuanta });
      const seconds = (performance.now() - start) / 1000;
      const cpuUs = (cpuSecondsSince(cpu) / report.quanta) * 1e6;
      const stall =
        timerFiredAfterMs === undefined
          ? `a 0 ms timer set at the start had not fired when run() returned`
          : `a 0 ms timer set at the start fired after ${timerFiredAfterMs.toFixed(0)} ms`;
      return {
        bench: BENCH,
        name: `no-op quanta, ${live.toLocaleString('en-US')} live processes`,
        value: report.quanta / seconds,
        unit: 'quanta/s',
        target: { op: '>=', value: QUANTA_TARGET },
        setup: `SQLite WAL, synchronous=NORMAL, maxInFlight 64, ${report.quanta} quanta in ${seconds.toFixed(2)} s (claim + yield, 2 transactions each); ${cpuUs.toFixed(0)} µs CPU/quantum; ${describeLoad()}; ${stall}`,
      };
    } finally {
      await rt.close();
    }
  } finally {
    await dir[Symbol.asyncDispose]();
  }
}

async function measureIdleHeap(count: number, options: BenchOptions): Promise<BenchResult> {
  const dir = await createTempDir('idle');
  const body: Body = async (ctx) => {
    await ctx.sleep(DAY_MS);
  };
  try {
    const rt = await openRuntime({
      workspace: dir.path,
      db: join(dir.path, 'state', 'runtime.db'),
      body,
    });
    try {
      // A first cohort warms every code path, so the baseline holds the compiled code already.
      const warm = Math.ceil(count / 10);
      await spawnMany(rt, warm, 'sleeper');
      await rt.run();
      const before = await settledHeapUsed();
      const rssBefore = process.memoryUsage().rss;
      options.log(`${BENCH}: ${count} processes going idle on timers`);
      await spawnMany(rt, count, 'sleeper');
      const report = await rt.run();
      const waiting = (await countStates(rt.store)).waiting ?? 0;
      const after = await settledHeapUsed();
      const rssAfter = process.memoryUsage().rss;
      if (report.quanta !== count || waiting !== warm + count) {
        throw new Error(
          `Idle heap setup failed: ${report.quanta} quanta ran, ${waiting} processes wait`,
        );
      }
      return {
        bench: BENCH,
        name: `heap per idle process (${count.toLocaleString('en-US')} waiting on timers)`,
        value: (after - before) / count,
        unit: 'bytes',
        target: { op: '<=', value: HEAP_TARGET_BYTES },
        setup: `runtime open, heapUsed after forced GC; ${warm + count} waiting in all; RSS delta ${Math.round((rssAfter - rssBefore) / count)} B/process (includes SQLite page cache)`,
      };
    } finally {
      await rt.close();
    }
  } finally {
    await dir[Symbol.asyncDispose]();
  }
}

async function spawnMany(rt: Runtime, count: number, goal: string): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      await rt.spawn({ imageId: 'base', goal });
    }
  };
  await Promise.all(Array.from({ length: SPAWN_IN_FLIGHT }, worker));
}
