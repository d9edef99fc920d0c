// Authorized syscalls per second through the whole pipeline on SQLite against the bare single-row
// insert transaction, and the cost of one capability decision with 10,000 records (ARCHITECTURE §11).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Pid } from '../src/base/ids.js';
import { loadDecision } from '../src/runtime/authority/load-decision.js';
import { CapabilityCache } from '../src/runtime/authority/capability-cache.js';
import { openRuntime } from '../src/open-runtime.js';
import type { QuantumBody } from '../src/runtime/quantum-context.js';
import type { Runtime } from '../src/runtime/runtime.js';
import { BUILTIN_SYSCALLS } from '../src/runtime/syscall-table.js';
import { defineSyscall, done, type AnySyscall } from '../src/syscalls/define-syscall.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';
import { measureBareInsert } from './journal-throughput.js';
import { createTempDir } from './lib/temp-dir.js';

const BENCH = 'syscall-throughput';
const SYSCALLS_TARGET = 30_000;
const RATIO_TARGET = 3;
const DECISION_RECORDS = [10, 10_000] as const;

/** What a benchmark process calls in its loop, by goal. */
const CALLS = {
  'fs.stat': { name: 'fs.stat', input: () => ({ path: 'data/file.txt' }) },
  'fs.write': {
    name: 'fs.write',
    input: (i: number) => ({ path: `out/file-${i % 64}.txt`, content: `line ${i}\n` }),
  },
  // The pipeline alone: same authority check on the same resource, a body that does nothing.
  'bench.nop': { name: 'bench.nop', input: () => ({ path: 'data/file.txt' }) },
  'bench.nopExternal': { name: 'bench.nopExternal', input: () => ({ path: 'data/file.txt' }) },
} as const;
type Goal = keyof typeof CALLS;

/** Syscalls whose bodies do nothing, so the pipeline's own cost can be told from the body's. */
function nopSyscall(name: string, effect: 'none' | 'external'): AnySyscall {
  return defineSyscall({
    name,
    summary: 'Do nothing after the pipeline authorised a read of the path (benchmark only).',
    input: z.object({ path: z.string() }).strict(),
    resources: (input) => [{ resource: { kind: 'fs', path: input.path }, right: 'read' }],
    effect,
    journal: (input) => ({ path: input.path }),
    run: () => Promise.resolve(done({ ok: true })),
  });
}

const SYSCALLS: readonly AnySyscall[] = [
  ...BUILTIN_SYSCALLS,
  nopSyscall('bench.nop', 'none'),
  nopSyscall('bench.nopExternal', 'external'),
];

/** Name of the process that warms code paths and files up before the timed run. */
const WARM_UP = 'warm-up';

/**
 * A body calling the goal's syscall `calls` times in one quantum (a tenth as often in the
 * warm-up process), then exiting.
 */
function loopBody(calls: number): QuantumBody {
  return async (ctx) => {
    const call = CALLS[ctx.process.goal as Goal];
    const n = ctx.process.name === WARM_UP ? Math.ceil(calls / 10) : calls;
    for (let i = 0; i < n; i += 1) {
      const result = await ctx.syscall(call.name, call.input(i));
      if (result.blocked) throw new Error(`${call.name} blocked in the benchmark`);
    }
    await ctx.exit(null);
  };
}

/**
 * Per syscall: processes (1, then 8 at once) whose single quantum calls it `calls` times in a
 * loop, each call authorised by an `fs:**` subtree grant; the bare insert transaction is measured
 * first on the same file system. Then the decision cost with 10 and 10,000 records.
 */
export async function syscallThroughput(options: BenchOptions): Promise<BenchResult[]> {
  const calls = options.quick ? 3_000 : 30_000;
  const timing = options.quick
    ? { warmupMs: 200, durationMs: 700 }
    : { warmupMs: 1_000, durationMs: 3_000 };
  const dir = await createTempDir('syscall');
  try {
    // The bare floor is measured right before and after each case, so a machine whose load
    // changes during the run moves floor and syscall alike; each ratio uses its own pair.
    let bareRuns = 0;
    const bare = (): number =>
      measureBareInsert(join(dir.path, `bare-${bareRuns++}.db`), {
        shape: 'minimal',
        synchronous: 'NORMAL',
        ...timing,
      }).perSecond;
    const cases: [Goal, number][] = [
      ['fs.stat', 1],
      ['fs.stat', 8],
      ['bench.nop', 1],
      ['fs.write', 1],
      ['bench.nopExternal', 1],
    ];
    const floors: number[] = [];
    const rows: BenchResult[] = [];
    for (const [goal, processes] of cases) {
      // fs.write fsyncs a file and its directory per call: a tenth of the calls is plenty.
      const n = goal === 'fs.write' ? calls / 10 : calls;
      options.log(`${BENCH}: bare insert transactions`);
      const before = bare();
      const rate = await measureSyscalls(dir.path, { goal, processes, calls: n, options });
      const floor = (before + bare()) / 2;
      floors.push(floor);
      rows.push(...rateRows({ goal, processes, rate, bare: floor, calls: n }));
    }
    const floorSetup = `SQLite WAL, synchronous=NORMAL, ${timing.durationMs} ms windows before and after each case; median of ${floors.length} (range ${Math.round(Math.min(...floors))}–${Math.round(Math.max(...floors))})`;
    return [
      row('bare insert txn, minimal row (normal)', median(floors), 'txn/s', { setup: floorSetup }),
      ...rows,
      ...(await measureDecisions(dir.path, options)),
    ];
  } finally {
    await dir[Symbol.asyncDispose]();
  }
}

async function openBenchRuntime(
  root: string,
  name: string,
  body: QuantumBody,
): Promise<{ rt: Runtime; workspace: string }> {
  const workspace = join(root, `${name}-workspace`);
  await mkdir(join(workspace, 'data'), { recursive: true });
  await mkdir(join(workspace, 'out'), { recursive: true });
  await writeFile(join(workspace, 'data', 'file.txt'), 'benchmark data\n');
  const rt = await openRuntime({
    workspace,
    db: join(root, `${name}.db`),
    body,
    syscalls: SYSCALLS,
    leaseMs: 3_600_000,
  });
  return { rt, workspace };
}

async function measureSyscalls(
  root: string,
  run: { goal: Goal; processes: number; calls: number; options: BenchOptions },
): Promise<number> {
  const perProcess = Math.ceil(run.calls / run.processes);
  const name = `${run.goal}-${run.processes}`;
  const { rt } = await openBenchRuntime(root, name, loopBody(perProcess));
  try {
    // Warm-up: one process running a tenth of the same loop over the same files.
    await spawnGranted(rt, { goal: run.goal, count: 1, name: WARM_UP });
    await rt.run();
    await spawnGranted(rt, { goal: run.goal, count: run.processes });
    run.options.log(
      `${BENCH}: ${run.goal}, ${run.processes} process(es) × ${perProcess} calls in one quantum each`,
    );
    const start = performance.now();
    const report = await rt.run();
    const seconds = (performance.now() - start) / 1000;
    if (report.quanta !== run.processes)
      throw new Error(`${run.goal}: ${report.quanta} quanta ran, expected ${run.processes}`);
    return (perProcess * run.processes) / seconds;
  } finally {
    await rt.close();
  }
}

async function spawnGranted(
  rt: Runtime,
  spec: { goal: Goal; count: number; name?: string },
): Promise<Pid[]> {
  const pids: Pid[] = [];
  for (let i = 0; i < spec.count; i += 1) {
    const p = await rt.spawn({
      imageId: 'base',
      goal: spec.goal,
      ...(spec.name === undefined ? {} : { name: spec.name }),
    });
    await rt.grant({ subject: p.pid, resource: 'fs:**', rights: 'read,write' });
    pids.push(p.pid);
  }
  return pids;
}

function rateRows(run: {
  goal: Goal;
  processes: number;
  rate: number;
  bare: number;
  calls: number;
}): BenchResult[] {
  const external = run.goal === 'fs.write' || run.goal === 'bench.nopExternal';
  const what = external
    ? 'external effect: intent txn + body + settle/journal txn'
    : 'no external effect: snapshot-read decision + body + journal txn';
  const body =
    run.goal === 'fs.stat'
      ? 'body: contained stat (open/verify each directory)'
      : run.goal === 'fs.write'
        ? 'body: contained atomic replace with fsync, 64 files'
        : 'body: nothing';
  const label = `${run.goal}, ${run.processes === 1 ? '1 process' : `${run.processes} processes at once`}`;
  const setup = `SQLite WAL, synchronous=NORMAL; ${what}; ${body}; ${run.calls} calls; fs:** subtree grant`;
  return [
    row(label, run.rate, 'syscalls/s', {
      setup,
      target: { op: '>=', value: SYSCALLS_TARGET },
    }),
    row(`${label}: bare ÷ syscall`, run.bare / run.rate, '×', {
      setup: `bare single-row insert txn/s (${Math.round(run.bare)}, measured around this case) ÷ syscalls/s`,
      target: { op: '<=', value: RATIO_TARGET },
    }),
  ];
}

/** One process holding `records` capability records, and the paths to decide on. */
interface DecisionSetup {
  readonly records: number;
  readonly rt: Runtime;
  readonly pid: Pid;
  readonly exact: string;
  readonly inSubtree: string;
  /** A capability cache of its own, as a runtime holds one (a process over 1,000 records reads through). */
  readonly cache: CapabilityCache;
}

/**
 * Grants `records` capability records to one process (even indexes `fs:dir-<i>/file.txt` exact,
 * odd ones `fs:dir-<i>/**` subtree) and checks that each probe path matches exactly one record.
 */
async function grantRecords(
  root: string,
  run: { records: number; options: BenchOptions },
): Promise<DecisionSetup> {
  const { rt } = await openBenchRuntime(root, `decision-${run.records}`, loopBody(0));
  try {
    const { pid } = await rt.spawn({ imageId: 'base', goal: 'bench.nop' });
    run.options.log(`${BENCH}: granting ${run.records} capability records`);
    for (let i = 0; i < run.records; i += 1) {
      const dir = `dir-${String(i).padStart(5, '0')}`;
      const resource = i % 2 === 0 ? `fs:${dir}/file.txt` : `fs:${dir}/**`;
      await rt.grant({ subject: pid, resource, rights: 'read' });
    }
    const held = await rt.capabilities({ subject: pid, limit: run.records + 100 });
    const fsHeld = held.filter((c) => c.resource.kind === 'fs').length;
    if (fsHeld !== run.records) throw new Error(`${fsHeld} fs records were granted`);
    const mid = Math.floor(run.records / 2);
    const exact = `dir-${String(mid - (mid % 2)).padStart(5, '0')}/file.txt`;
    const inSubtree = `dir-${String(mid | 1).padStart(5, '0')}/notes/today.md`;
    for (const path of [exact, inSubtree]) {
      const check = await rt.explain(pid, `fs:${path}`, 'read');
      if (check.decision.effect !== 'allow' || check.records.length !== 1)
        throw new Error(`${path} matched ${check.records.length} records`);
    }
    return { records: run.records, rt, pid, exact, inSubtree, cache: new CapabilityCache() };
  } catch (error) {
    await rt.close();
    throw error;
  }
}

/** The decision operations timed, each on one process's setup, with its share of the iterations. */
const DECISION_OPS: readonly [string, (s: DecisionSetup) => Promise<unknown>, number][] = [
  ['loadDecision, exact match', (s) => decideOn(s, s.exact), 1],
  ['loadDecision, subtree match', (s) => decideOn(s, s.inSubtree), 1],
  ['loadDecision, no match', (s) => decideOn(s, 'nowhere/at/all.txt'), 1],
  ['loadDecision with the cache, exact match', (s) => decideOn(s, s.exact, s.cache), 1],
  ['loadDecision with the cache, subtree match', (s) => decideOn(s, s.inSubtree, s.cache), 1],
  ['explain, subtree match', (s) => s.rt.explain(s.pid, `fs:${s.inSubtree}`, 'read'), 1],
  // For contrast: what deciding by a linear scan of the process's records would at least cost.
  [
    'reading all the process’s records (a linear scan’s floor)',
    (s) => s.rt.store.read((r) => r.listCapabilities({ subject: s.pid, limit: s.records + 100 })),
    0.01,
  ],
];

function decideOn(s: DecisionSetup, path: string, cache?: CapabilityCache): Promise<unknown> {
  return s.rt.store.read((r) =>
    loadDecision(
      r,
      {
        pid: s.pid,
        needs: [{ resource: { kind: 'fs', path }, right: 'read' }],
        callHash: 'bench',
        now: s.rt.clock.now(),
      },
      cache === undefined ? {} : { cache },
    ),
  );
}

/**
 * Times every decision operation for 10 and for 10,000 records, interleaved in rounds so a busy
 * machine slows both alike; reports the median round.
 */
async function measureDecisions(root: string, options: BenchOptions): Promise<BenchResult[]> {
  const setups: DecisionSetup[] = [];
  try {
    for (const records of DECISION_RECORDS)
      setups.push(await grantRecords(root, { records, options }));
    const rounds = 7;
    const iterations = options.quick ? 300 : 3_000;
    const samples = new Map<string, number[]>();
    options.log(`${BENCH}: timing decisions, ${rounds} rounds × ${iterations} iterations`);
    for (let round = 0; round < rounds; round += 1) {
      for (const setup of setups) {
        for (const [label, op, share] of DECISION_OPS) {
          const key = `${label}, ${setup.records.toLocaleString('en-US')} records`;
          const micros = await timePerCall(() => op(setup), Math.ceil(iterations * share));
          samples.set(key, [...(samples.get(key) ?? []), micros]);
        }
      }
    }
    const setup = `one process holding the records (half exact, half subtree, each on its own directory); a snapshot read per decision; median of ${rounds} interleaved rounds × ${iterations}`;
    return [...samples].map(([name, values]) =>
      row(name, median(values), 'µs/decision', { setup }),
    );
  } finally {
    await Promise.all(setups.map((s) => s.rt.close()));
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timePerCall(op: () => Promise<unknown>, iterations: number): Promise<number> {
  for (let i = 0; i < Math.ceil(iterations / 10); i += 1) await op();
  const start = performance.now();
  for (let i = 0; i < iterations; i += 1) await op();
  return ((performance.now() - start) * 1000) / iterations;
}

function row(
  name: string,
  value: number,
  unit: string,
  extra: Pick<BenchResult, 'setup' | 'target'>,
): BenchResult {
  return { bench: BENCH, name, value, unit, ...extra };
}
