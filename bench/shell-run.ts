// shell.run of `true` end to end — decision, sandbox plan, bubblewrap, change scan, journal — p50/p99,
// next to the floors it stands on: a bare `true` and a bare bwrap sandbox running `true`.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { openRuntime } from '../src/open-runtime.js';
import type { QuantumBody } from '../src/runtime/quantum-context.js';
import { MINIMAL_SANDBOX, probeBwrap } from '../src/sandbox/shell/probe-bwrap.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';
import { latencyResults, summarizeLatency } from './lib/latency.js';
import { createTempDir } from './lib/temp-dir.js';

const BENCH = 'shell-run';
const run = promisify(execFile);

/** The grant shapes measured: one bind of the whole workspace, or one bind per entry. */
const SHAPES = {
  'whole workspace rw (1 bind)': [{ resource: 'fs:**', rights: 'read,write' }],
  'read all, write src, deny .env (per-entry binds)': [
    { resource: 'fs:**', rights: 'read' },
    { resource: 'fs:src/**', rights: 'read,write' },
    { resource: 'fs:.env', rights: 'read', effect: 'deny' as const },
  ],
} as const;

/**
 * A workspace of 100 files in 5 directories plus a `.env`; per grant shape, one process calling
 * shell.run `true` `calls` times in one quantum, each call timed around `ctx.syscall`.
 */
export async function shellRun(options: BenchOptions): Promise<BenchResult[]> {
  const probe = await probeBwrap();
  if (!probe.ok) {
    options.log(`shell-run: skipped, bubblewrap does not work here (${probe.detail})`);
    return [];
  }
  const calls = options.quick ? 30 : 300;
  await using dir = await createTempDir(BENCH);
  const workspace = join(dir.path, 'workspace');
  for (const sub of ['src', 'docs', 'test', 'lib', 'assets']) {
    await mkdir(join(workspace, sub), { recursive: true });
    for (let i = 0; i < 20; i++) await writeFile(join(workspace, sub, `f${i}.txt`), `file ${i}\n`);
  }
  await writeFile(join(workspace, '.env'), 'SECRET=1\n');
  const results: BenchResult[] = [];
  const setup = `SQLite normal, bwrap ${probe.version ?? '?'}, 100 files in 5 dirs, ${calls} sequential calls`;

  results.push(...(await floors(probe.path ?? 'bwrap', calls, setup)));
  for (const [shape, grants] of Object.entries(SHAPES)) {
    const samples = await timeCalls({
      workspace,
      db: join(dir.path, `${shape.length}.db`),
      grants,
      calls,
    });
    options.log(`shell-run ${shape}: ${samples.length} calls`);
    results.push(
      ...latencyResults(`shell.run true, ${shape}`, summarizeLatency(samples), {
        bench: BENCH,
        setup,
      }),
    );
  }
  // A dependency-sized tree: what planning and the two change scans cost per command.
  const big = join(dir.path, 'big');
  await mkdir(join(big, '.git'), { recursive: true });
  for (let d = 0; d < 1_000; d++) {
    await mkdir(join(big, 'node_modules', `pkg-${d}`), { recursive: true });
    for (let f = 0; f < 14; f++)
      await writeFile(
        join(big, 'node_modules', `pkg-${d}`, `f${f}.js`),
        `module.exports = ${f};\n`,
      );
  }
  const bigCalls = options.quick ? 5 : 30;
  const bigSamples = await timeCalls({
    workspace: big,
    db: join(dir.path, 'big.db'),
    grants: [{ resource: 'fs:**', rights: 'read,write' }],
    calls: bigCalls,
  });
  options.log(`shell-run big workspace: ${bigSamples.length} calls`);
  results.push(
    ...latencyResults(
      'shell.run true, 15,000-entry workspace with .git, fs:** read,write',
      summarizeLatency(bigSamples),
      { bench: BENCH, setup: `SQLite normal, 1,000 dirs × 14 files + .git, ${bigCalls} calls` },
    ),
  );
  return results;
}

/** Times `calls` runs of `true` by one process holding `grants` (after 5 warm-up runs). */
async function timeCalls(input: {
  readonly workspace: string;
  readonly db: string;
  readonly grants: readonly { resource: string; rights: string; effect?: 'allow' | 'deny' }[];
  readonly calls: number;
}): Promise<number[]> {
  const samples: number[] = [];
  const body: QuantumBody = async (ctx) => {
    for (let i = 0; i < input.calls + 5; i++) {
      const started = performance.now();
      const result = await ctx.syscall('shell.run', { argv: ['true'] });
      if (i >= 5) samples.push(performance.now() - started);
      if (result.blocked) throw new Error('shell.run blocked in the benchmark');
    }
    await ctx.exit(null);
  };
  const runtime = await openRuntime({ db: input.db, workspace: input.workspace, body });
  try {
    const process = await runtime.spawn({ imageId: 'base', goal: 'run true' });
    await runtime.grant({ subject: process.pid, resource: 'shell:true', rights: 'execute' });
    for (const grant of input.grants) await runtime.grant({ subject: process.pid, ...grant });
    await runtime.run();
    const state = (await runtime.get(process.pid)).state;
    if (state.kind !== 'exited') throw new Error(`the benchmark process ended ${state.kind}`);
  } finally {
    await runtime.close();
  }
  return samples;
}

// What any command costs here: spawning `true`, and a minimal bwrap sandbox around it.
async function floors(bwrap: string, calls: number, setup: string): Promise<BenchResult[]> {
  const time = async (file: string, args: readonly string[]): Promise<number[]> => {
    const samples: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await run(file, [...args]);
      samples.push(performance.now() - started);
    }
    return samples;
  };
  const minimal = [...MINIMAL_SANDBOX, '--', '/usr/bin/true'];
  return [
    ...latencyResults('floor: spawn true', summarizeLatency(await time('/usr/bin/true', [])), {
      bench: BENCH,
      setup,
    }),
    ...latencyResults(
      'floor: bare bwrap sandbox, true',
      summarizeLatency(await time(bwrap, minimal)),
      {
        bench: BENCH,
        setup,
      },
    ),
  ];
}
