// The crash-trial harness shared by the crash test and `bench/crash-trials.ts`: run the workload in
// a real child process, SIGKILL it at a seeded random moment, check the store it left, then reopen
// the store in this process, check recovery and run the workload to its end.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openRuntime } from '../../src/open-runtime.js';
import { workloadWorkspace } from './workload-body.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import {
  checkCarriedOver,
  checkFinished,
  checkRecoveredRows,
  checkSnapshot,
  runningPids,
} from './check-snapshot.js';
import { readSnapshot, type StoreSnapshot } from './read-snapshot.js';
import { createWorkloadBody, DEFAULT_SHAPE } from './workload-body.js';

const WORKLOAD = fileURLToPath(new URL('./workload.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAX_PROBLEMS = 40;

/** How one trial runs. */
export interface TrialOptions {
  readonly seed: number;
  /** Workload runs killed one after another on the same store before it is finished (default 1). */
  readonly crashes?: number;
  /** The kill lands this many ms after the child reports `ready` (default 50..400). */
  readonly killDelayMs?: readonly [number, number];
  readonly mode?: 'normal' | 'fsync';
  /** Root process trees of the workload (default 6, about 60 processes each). */
  readonly roots?: number;
  /**
   * Bound on running the rest of the workload after the last crash (default 120 s). A stuck
   * process makes `run` go idle early rather than hang, so this only guards against a livelock.
   */
  readonly finishTimeoutMs?: number;
  /** Every child started is added here, so a test can kill leftovers whatever happens. */
  readonly children?: Set<ChildProcess>;
}

/** What the store held when one kill landed. */
export interface CrashReport {
  readonly delayMs: number;
  readonly entries: number;
  readonly processes: number;
  /** Processes holding a lease at the kill. */
  readonly running: number;
}

/** The outcome of one trial; `problems` is empty when every check passed. */
export interface TrialResult {
  readonly seed: number;
  readonly crashes: readonly CrashReport[];
  /** Time to open the store for writing and recover it after the last kill. */
  readonly recoveryMs: number;
  /** Time to run the rest of the workload to its end. */
  readonly finishMs: number;
  readonly finalProcesses: number;
  readonly finalEntries: number;
  readonly problems: readonly string[];
}

/** Runs one crash trial in a fresh temporary directory, removed afterwards. */
export async function runTrial(options: TrialOptions): Promise<TrialResult> {
  const dir = await mkdtemp(join(tmpdir(), 'agent-libos-crash-'));
  const dbPath = join(dir, 'runtime.db');
  const problems: string[] = [];
  const note = (stage: string, found: readonly string[]): void => {
    for (const problem of found) problems.push(`${stage}: ${problem}`);
  };
  try {
    const crashes: CrashReport[] = [];
    let atKill: StoreSnapshot | undefined;
    for (let k = 0; k < (options.crashes ?? 1); k += 1) {
      const stage = `crash ${k + 1}`;
      const delayMs = killDelay(options, k);
      note(stage, await runAndKill({ dbPath, seed: options.seed, delayMs, options }));
      const snapshot = await readSnapshot(dbPath);
      note(stage, checkSnapshot(snapshot));
      if (atKill !== undefined) note(stage, checkCarriedOver(atKill, snapshot));
      crashes.push({
        delayMs,
        entries: snapshot.journal.length,
        processes: snapshot.processes.size,
        running: runningPids(snapshot).size,
      });
      atKill = snapshot;
    }
    if (atKill === undefined) throw new Error('a trial needs at least one crash');
    const finished = await finish(dbPath, { atKill, options, note });
    return { seed: options.seed, crashes, ...finished, problems: capped(problems) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reopens the store in this process, checks recovery, and runs the workload to its end. */
async function finish(
  dbPath: string,
  context: {
    atKill: StoreSnapshot;
    options: TrialOptions;
    note: (stage: string, found: readonly string[]) => void;
  },
): Promise<Omit<TrialResult, 'seed' | 'crashes' | 'problems'>> {
  const { atKill, options, note } = context;
  const errors: string[] = [];
  const openedAt = performance.now();
  // The body reads the store of the runtime it runs in; it is first called from `run` below.
  const runtime: Runtime = await openRuntime({
    db: dbPath,
    workspace: workloadWorkspace(dbPath),
    maxInFlight: 32,
    body: createWorkloadBody({ seed: options.seed, store: () => runtime.store }),
    onError: (error, pid) => errors.push(`${pid} ${error.code}: ${error.message}`),
  });
  const recoveryMs = performance.now() - openedAt;
  let finishMs = 0;
  try {
    const recovered = await readSnapshot(dbPath);
    note('reopen', checkSnapshot(recovered));
    note('reopen', checkCarriedOver(atKill, recovered));
    note('reopen', checkRecoveredRows(atKill, recovered));
    const startedAt = performance.now();
    const timeoutMs = options.finishTimeoutMs ?? 120_000;
    const report = await runtime.run({
      waitForTimers: true,
      signal: AbortSignal.timeout(timeoutMs),
    });
    finishMs = performance.now() - startedAt;
    if (report.stoppedBy !== 'idle')
      note('finish', [`the workload did not finish within ${timeoutMs} ms`]);
  } finally {
    await runtime.close();
  }
  note('finish', errors);
  const final = await readSnapshot(dbPath);
  note('final', checkSnapshot(final));
  note('final', checkCarriedOver(atKill, final));
  note(
    'final',
    checkFinished(final, {
      wasRunning: runningPids(atKill),
      recoveredAtSeq: atKill.journal.at(-1)?.seq ?? 0,
    }),
  );
  return {
    recoveryMs,
    finishMs,
    finalProcesses: final.processes.size,
    finalEntries: final.journal.length,
  };
}

/**
 * Starts the workload child on `dbPath`, waits for `ready`, lets it run `delayMs`, then SIGKILLs
 * it. Returns problems: the child ending before the kill, or errors it reported.
 */
async function runAndKill(run: {
  dbPath: string;
  seed: number;
  delayMs: number;
  options: TrialOptions;
}): Promise<string[]> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      WORKLOAD,
      run.dbPath,
      String(run.seed),
      run.options.mode ?? 'normal',
      String(run.options.roots ?? DEFAULT_SHAPE.roots),
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  run.options.children?.add(child);
  const exited = once(child, 'exit').then(() => 'exited' as const);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8');
  try {
    const ready = new Promise<'ready'>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('ready\n')) resolve('ready');
      });
    });
    if ((await Promise.race([ready, exited])) === 'exited')
      return [`the workload exited before it was ready: ${stdout} ${stderr}`];
    let timer: NodeJS.Timeout | undefined;
    const killTime = new Promise<'kill'>((resolve) => {
      timer = setTimeout(resolve, run.delayMs, 'kill');
    });
    const first = await Promise.race([killTime, exited]);
    clearTimeout(timer);
    const problems: string[] = [];
    if (first === 'exited')
      problems.push(`the workload ended before the kill at ${run.delayMs} ms: ${stdout}`);
    await kill(child);
    const errors = stderr.split('\n').filter((line) => line.trim() !== '');
    return [...problems, ...errors.map((line) => `workload stderr: ${line}`)];
  } finally {
    await kill(child);
    run.options.children?.delete(child);
  }
}

/** SIGKILLs `child` (if still alive) and waits until it is gone. */
export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = once(child, 'exit');
  child.kill('SIGKILL');
  await gone;
}

/** The seeded kill delay of crash `k` of a trial. */
function killDelay(options: TrialOptions, k: number): number {
  const [min, max] = options.killDelayMs ?? [50, 400];
  return min + Math.floor(mulberry32(options.seed * 7919 + k)() * (max - min + 1));
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function capped(problems: readonly string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return [...problems];
  return [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more`];
}
