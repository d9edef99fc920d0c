// Recovery time after kill -9 with a large journal and many processes, and journal verification time (ARCHITECTURE §11).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSystemClock } from '../src/base/clock.js';
import type { Store } from '../src/ports/store.js';
import { verifyJournal } from '../src/runtime/verify-journal.js';
import { openSqliteStore } from '../src/store/sqlite/open-sqlite-store.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';
import { buildRecoveryDb, type RecoveryDbSize } from './lib/build-recovery-db.js';
import { countStates } from './lib/count-states.js';
import { createTempDir } from './lib/temp-dir.js';

const BENCH = 'reopen-after-kill';
const CHILD = fileURLToPath(new URL('./reopen-child.ts', import.meta.url));
const OPEN_TARGET_MS = 2_000;

/**
 * Builds a database of `entries` journal entries and `processes` processes, then per trial: a
 * child runs quanta on it (256 in flight) and is killed with SIGKILL, and a fresh child times
 * `openRuntime` (migration check, writer lock, lease recovery, ready-queue load). Reports the
 * slowest trial, then how long verifying the whole journal takes.
 */
export async function reopenAfterKill(options: BenchOptions): Promise<BenchResult[]> {
  const size: RecoveryDbSize = options.quick
    ? { processes: 2_000, entries: 100_000 }
    : { processes: 10_000, entries: 1_000_000 };
  const trials = options.quick ? 1 : 3;
  const dir = await createTempDir('reopen');
  try {
    const db = join(dir.path, 'runtime.db');
    const buildStart = performance.now();
    await buildRecoveryDb(db, { workspace: join(dir.path, 'workspace'), size, log: options.log });
    const buildSeconds = (performance.now() - buildStart) / 1000;
    const opens: number[] = [];
    let leases = 0;
    let statesAtKill = '';
    for (let trial = 1; trial <= trials; trial++) {
      options.log(`${BENCH}: trial ${trial}: kill -9 while quanta run, then reopen`);
      await runAndKill(db);
      const counts = await withReadStore(db, countStates);
      leases = Math.max(leases, counts.running ?? 0);
      statesAtKill = JSON.stringify(counts);
      opens.push(await timeOpen(db));
    }
    options.log(`${BENCH}: verifying the journal`);
    const verify = await withReadStore(db, async (store) => {
      const start = performance.now();
      const result = await store.read((r) => verifyJournal(r));
      return { result, seconds: (performance.now() - start) / 1000 };
    });
    if (!verify.result.ok) {
      throw new Error(`The benchmark database does not verify: ${JSON.stringify(verify.result)}`);
    }
    const setup =
      `${verify.result.entries.toLocaleString('en-US')} journal entries, ` +
      `${size.processes.toLocaleString('en-US')} processes; states at the last kill ${statesAtKill}`;
    return [
      {
        bench: BENCH,
        name: `openRuntime after kill -9 (worst of ${trials})`,
        value: Math.max(...opens),
        unit: 'ms',
        target: { op: '<', value: OPEN_TARGET_MS },
        setup: `${setup}; up to ${leases} leases recovered; all trials ${opens.map((ms) => ms.toFixed(0)).join(', ')} ms; fresh Node process each; database built in ${buildSeconds.toFixed(0)} s`,
      },
      {
        bench: BENCH,
        name: 'journal verify',
        value: verify.seconds,
        unit: 's',
        setup: `${verify.result.entries.toLocaleString('en-US')} entries, read-only store, ${Math.round(verify.result.entries / verify.seconds).toLocaleString('en-US')} entries/s`,
      },
    ];
  } finally {
    await dir[Symbol.asyncDispose]();
  }
}

async function withReadStore<T>(db: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openSqliteStore({ path: db, clock: createSystemClock(), readonly: true });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Starts the `work` child, waits until it has quanta in flight, and kills it with SIGKILL. */
async function runAndKill(db: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'work', db], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (chunk.includes('ready\n')) resolve();
      });
      child.once('exit', (code, signal) => {
        reject(new Error(`work child ended (${code ?? signal ?? '?'}) before ready: ${stderr}`));
      });
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  }
}

/** Runs the `open` child on `db` and returns the openRuntime time it measured. */
async function timeOpen(db: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'open', db], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`open child failed (${code ?? 'signal'}): ${stderr}`);
  const parsed = JSON.parse(stdout) as { openMs: number };
  return parsed.openMs;
}
