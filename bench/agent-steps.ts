// The agent-steps comparison: agent-libos and LangGraph.js on the same durable N × K workload, side by side in one window.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';

const BENCH = 'agent-steps';
const OURS = fileURLToPath(new URL('./agent-steps/run-ours.ts', import.meta.url));
const PEER_SOURCE = fileURLToPath(new URL('../../shared/peer-bench/langgraph/', import.meta.url));

/** One run's JSON line, from either side. */
interface RunFigures {
  readonly steps_per_s: number;
  readonly db_bytes: number;
  readonly rss_mb: number;
  /** The heap after full collections at the end of the run (ours, with --expose-gc), or null. */
  readonly heap_mb?: number | null;
  readonly ms: number;
  /** Ours only: bytes per table and index of the closed database (`dbstat`). */
  readonly tables?: Readonly<Record<string, number>>;
}

interface Variant {
  readonly label: string;
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Runs the workload of `../shared/peer-bench/` (N agents × K steps of scripted model →
 * `read_file README.md` → model, C in flight, every step durable) on agent-libos and on LangGraph.js
 * + SqliteSaver, alternating the two in fresh processes, for `synchronous=NORMAL`, `FULL`, and an
 * approval per step (NORMAL; ours: an `ask` record answered `allow_once`, theirs: interrupt +
 * resume). Reports steps/s of each, the ratio (target ≥ 5×), bytes per step and RSS. The peer is
 * installed once into a temp dir (`npm ci` there, never in this project); without it, only our
 * figures are reported.
 */
export function agentSteps(options: BenchOptions): Promise<BenchResult[]> {
  const n = options.quick ? 100 : 1000;
  const k = 10;
  const variants: readonly Variant[] = [
    { label: 'NORMAL', env: { SYNC: 'NORMAL', N: String(n) } },
    { label: 'FULL', env: { SYNC: 'FULL', N: String(n) } },
    {
      label: 'NORMAL, approval per step',
      env: { SYNC: 'NORMAL', APPROVE: '1', N: String(Math.max(50, n / 5)) },
    },
  ];
  const peer = preparePeer(options);
  const results: BenchResult[] = [];
  for (const variant of variants) {
    const env: Record<string, string | undefined> = {
      ...process.env,
      K: String(k),
      C: '64',
      ...variant.env,
    };
    const setup = `N=${env.N} K=${k} C=64, SQLite WAL synchronous=${variant.env.SYNC}; fresh process each, alternated`;
    const ours = run(process.execPath, ['--import', 'tsx', OURS], env);
    const theirs = peer === null ? null : run(process.execPath, [join(peer, 'bench.mjs')], env);
    options.log(
      `${BENCH} (${variant.label}): agent-libos ${ours.steps_per_s} steps/s, langgraph ${theirs?.steps_per_s ?? '-'} steps/s`,
    );
    const steps = Number(env.N) * k;
    results.push({
      bench: BENCH,
      name: `agent-libos steps/s (${variant.label})`,
      value: ours.steps_per_s,
      unit: 'steps/s',
      setup: `${setup}; RSS ${ours.rss_mb} MB`,
    });
    if (theirs !== null) {
      results.push(
        {
          bench: BENCH,
          name: `LangGraph.js steps/s (${variant.label})`,
          value: theirs.steps_per_s,
          unit: 'steps/s',
          setup: `${setup}; RSS ${theirs.rss_mb} MB; ${(theirs.db_bytes / steps).toFixed(0)} bytes/step`,
        },
        {
          bench: BENCH,
          name: `agent-libos ÷ LangGraph.js (${variant.label})`,
          value: ours.steps_per_s / theirs.steps_per_s,
          unit: '×',
          target: { op: '>=', value: 5 },
          setup,
        },
      );
    }
    results.push({
      bench: BENCH,
      name: `agent-libos storage per step (${variant.label})`,
      value: ours.db_bytes / steps,
      unit: 'bytes/step',
      target: { op: '<=', value: 1024 },
      setup: `${setup}; the database file after close (WAL checkpointed), what the run stored; per step: ${perStep(ours.tables ?? {}, steps)}`,
    });
  }
  results.push(...memoryInK(options));
  return Promise.resolve(results);
}

/**
 * Memory flat in K: what the runtime still holds (the heap after full collections) when the same
 * agents took 10 and then 100 steps each (NORMAL), with RSS beside it. A quantum reads a process's
 * transcript, so memory may grow with the longest transcript in flight, never with the steps
 * already done by others. RSS also counts the allocator's high-water mark and SQLite's pages of a
 * database ten times larger, so it is reported, not judged.
 */
function memoryInK(options: BenchOptions): BenchResult[] {
  const n = options.quick ? 50 : 100;
  const figures = (k: number): RunFigures =>
    run(process.execPath, ['--expose-gc', '--import', 'tsx', OURS], {
      ...process.env,
      N: String(n),
      K: String(k),
      C: '64',
      SYNC: 'NORMAL',
    });
  const [small, large] = [figures(10), figures(100)];
  const heap = (f: RunFigures): number => f.heap_mb ?? Number.NaN;
  options.log(
    `${BENCH} (memory): heap ${heap(small)} MB / RSS ${small.rss_mb} MB at K=10, heap ${heap(large)} MB / RSS ${large.rss_mb} MB at K=100`,
  );
  const setup = `N=${n} C=64, SQLite WAL synchronous=NORMAL; agent-libos, fresh process each; at the end of the run: the heap after two full collections (what the runtime still holds) and RSS (the allocator's high-water mark and SQLite's pages, which grow with the database)`;
  return [
    { bench: BENCH, name: 'agent-libos heap held, K=10', value: heap(small), unit: 'MB', setup },
    { bench: BENCH, name: 'agent-libos heap held, K=100', value: heap(large), unit: 'MB', setup },
    {
      bench: BENCH,
      name: 'agent-libos heap held K=100 ÷ K=10 (memory flat in K)',
      value: heap(large) / heap(small),
      unit: '×',
      target: { op: '<=', value: 1.25 },
      setup,
    },
    { bench: BENCH, name: 'agent-libos RSS, K=10', value: small.rss_mb, unit: 'MB', setup },
    { bench: BENCH, name: 'agent-libos RSS, K=100', value: large.rss_mb, unit: 'MB', setup },
    {
      bench: BENCH,
      name: 'agent-libos RSS K=100 ÷ K=10',
      value: large.rss_mb / small.rss_mb,
      unit: '×',
      setup,
    },
  ];
}

/** The largest tables and indexes as bytes per step, e.g. `journal 3,533, transcript 930`. */
function perStep(tables: Readonly<Record<string, number>>, steps: number): string {
  return Object.entries(tables)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 8)
    .map(([name, bytes]) => `${name} ${Math.round(bytes / steps).toLocaleString('en-US')}`)
    .join(', ');
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): RunFigures {
  const done = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = done.stdout.trim().split('\n').at(-1) ?? '';
  if (done.status !== 0 || !line.startsWith('{'))
    throw new Error(
      `${args.join(' ')} failed (${done.status ?? '?'}): ${done.stderr.slice(-2000)}`,
    );
  return JSON.parse(line) as RunFigures;
}

// The peer's own install, outside this project (its dependencies never enter package.json).
function preparePeer(options: BenchOptions): string | null {
  const dir = process.env.PEER_BENCH_DIR ?? join(tmpdir(), 'agent-libos-peer-langgraph');
  if (existsSync(join(dir, 'node_modules', '@langchain', 'langgraph'))) return dir;
  if (!existsSync(join(PEER_SOURCE, 'bench.mjs'))) {
    options.log(`${BENCH}: no peer harness at ${PEER_SOURCE}; reporting agent-libos only`);
    return null;
  }
  try {
    options.log(`${BENCH}: installing the LangGraph.js peer into ${dir} (npm ci, once)`);
    cpSync(PEER_SOURCE, dir, { recursive: true });
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'ignore' });
    if (!existsSync(join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release')))
      execFileSync('npm', ['rebuild', 'better-sqlite3'], { cwd: dir, stdio: 'ignore' });
    return dir;
  } catch (error) {
    options.log(`${BENCH}: the peer could not be installed (${String(error)}); agent-libos only`);
    return null;
  }
}
