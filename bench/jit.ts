// JIT tools: cold and warm call latency of a Deno guest, and the syscall round trip from inside one
// through the real pipeline (ARCHITECTURE §8 / issue 13 targets: cold p50 ≤ 150 ms, round trip p50 ≤ 0.3 ms).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openRuntime } from '../src/open-runtime.js';
import { jitDoor } from '../src/runtime/agent/jit-door.js';
import type { QuantumBody } from '../src/runtime/quantum-context.js';
import { createDenoRunner } from '../src/sandbox/deno-runner.js';
import type { JitRunner } from '../src/ports/jit-runner.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';
import { describeLatency, summarizeLatency } from './lib/latency.js';
import { createTempDir } from './lib/temp-dir.js';

const BENCH = 'jit';
const TRIVIAL = 'export function run(args: { n: number }) { return { n: args.n + 1 }; }';

/** A guest that makes `n` clock.now syscalls one after another, timing each from inside. */
const ROUND_TRIPS = `export async function run(args: { n: number }, libos: { syscall(name: string, input: unknown): Promise<unknown> }) {
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < args.n; i++) {
    const t = performance.now();
    await libos.syscall('clock.now', {});
    samples.push(performance.now() - t);
  }
  return { samples, totalMs: performance.now() - start };
}`;

const noSyscalls = (): Promise<never> => Promise.reject(new Error('no syscall expected'));

async function timeRun(runner: JitRunner, n: number): Promise<number> {
  const start = performance.now();
  const outcome = await runner.run({
    source: TRIVIAL,
    args: { n },
    syscall: noSyscalls,
    signal: new AbortController().signal,
  });
  const ms = performance.now() - start;
  if (outcome.blocked || JSON.stringify(outcome.value) !== JSON.stringify({ n: n + 1 }))
    throw new Error('the trivial guest answered wrongly');
  return ms;
}

/**
 * Cold: each call on a fresh Deno cache directory (nothing of Deno's caches warm but the OS page
 * cache). Warm: calls on one cache directory after a warm-up. Each call is a new Deno process
 * either way (no warm worker is kept; see ARCHITECTURE §8). Then one guest making syscalls through
 * a real runtime's pipeline as its process.
 */
export async function jit(options: BenchOptions): Promise<BenchResult[]> {
  const calls = options.quick ? 20 : 100;
  const roundTrips = options.quick ? 2_000 : 10_000;
  const dir = await createTempDir('jit');
  try {
    options.log(`${BENCH}: ${calls} cold calls (fresh DENO_DIR each)`);
    const cold: number[] = [];
    for (let i = 0; i < calls; i++) {
      const runner = createDenoRunner({ denoDir: join(dir.path, `cold-${i}`) });
      cold.push(await timeRun(runner, i));
    }
    options.log(`${BENCH}: ${calls} warm calls (one DENO_DIR)`);
    const warmRunner = createDenoRunner({ denoDir: join(dir.path, 'warm') });
    for (let i = 0; i < 5; i++) await timeRun(warmRunner, i);
    const warm: number[] = [];
    for (let i = 0; i < calls; i++) warm.push(await timeRun(warmRunner, i));

    options.log(`${BENCH}: ${roundTrips} syscalls from inside one guest`);
    const inside = await measureRoundTrips(dir.path, roundTrips);
    const rtt = summarizeLatency(inside.samples);
    const coldSummary = summarizeLatency(cold);
    const warmSummary = summarizeLatency(warm);
    const perCall =
      'deno run, no permissions, 64 MiB heap; spawn → start frame → result frame → exit';
    return [
      latencyRow(
        'JIT call, cold: p50',
        coldSummary.p50,
        { op: '<=', value: 150 },
        `${perCall}; ${describeLatency(coldSummary)}`,
      ),
      latencyRow('JIT call, cold: p99', coldSummary.p99, undefined, perCall),
      latencyRow(
        'JIT call, warm cache: p50',
        warmSummary.p50,
        undefined,
        `${perCall}; ${describeLatency(warmSummary)}`,
      ),
      latencyRow('JIT call, warm cache: p99', warmSummary.p99, undefined, perCall),
      latencyRow(
        'syscall round trip from a JIT tool: p50',
        rtt.p50,
        { op: '<=', value: 0.3 },
        `clock.now through the pipeline as the process, timed in the guest; ${describeLatency(rtt)}`,
      ),
      latencyRow('syscall round trip from a JIT tool: p99', rtt.p99, undefined, 'as above'),
      {
        bench: BENCH,
        name: 'syscalls/s from one JIT tool',
        value: Math.round(roundTrips / (inside.totalMs / 1000)),
        unit: 'calls/s',
        setup: `${roundTrips} sequential clock.now calls, one guest, SQLite WAL (normal)`,
      },
    ];
  } finally {
    await dir[Symbol.asyncDispose]();
  }
}

function latencyRow(
  name: string,
  value: number,
  target: BenchResult['target'],
  setup: string,
): BenchResult {
  return {
    bench: BENCH,
    name,
    value,
    unit: 'ms',
    setup,
    ...(target === undefined ? {} : { target }),
  };
}

async function measureRoundTrips(
  root: string,
  n: number,
): Promise<{ samples: number[]; totalMs: number }> {
  const workspace = join(root, 'workspace');
  await mkdir(workspace, { recursive: true });
  const runner = createDenoRunner({
    denoDir: join(root, 'warm'),
    limits: { maxSyscalls: n + 1, wallMs: 600_000 },
  });
  const found: { measured?: { samples: number[]; totalMs: number } } = {};
  const body: QuantumBody = async (ctx) => {
    const door = jitDoor(ctx, { runner, callId: 'bench' });
    if (door === undefined) throw new Error('no runner');
    const outcome = await door({ source: ROUND_TRIPS, args: { n } });
    if (outcome.blocked) throw new Error('blocked');
    found.measured = outcome.value as unknown as { samples: number[]; totalMs: number };
    await ctx.exit(null);
  };
  const rt = await openRuntime({ workspace, db: join(root, 'jit.db'), body, leaseMs: 3_600_000 });
  try {
    await rt.spawn({ imageId: 'base', goal: 'round trips' });
    await rt.run();
  } finally {
    await rt.close();
  }
  if (found.measured === undefined) throw new Error('the guest did not answer');
  return found.measured;
}
