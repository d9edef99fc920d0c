// SSE fan-out of the service-api benchmark: journal entries committed here, received by subscribers in a child process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { JournalDraft } from '../src/kernel/journal/entry.js';
import type { Runtime } from '../src/runtime/runtime.js';
import type { RunningServer } from '../src/server/start-server.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';
import { describeLoad } from './lib/describe-load.js';
import { describeLatency, latencyResults, summarizeLatency } from './lib/latency.js';
import { FANOUT_TYPE, type SubscriberReport } from './lib/fanout-report.js';

const BENCH = 'service-api';
const CHILD = fileURLToPath(new URL('./service-api-subscribers.ts', import.meta.url));
/** Entries per transaction; the committer yields to the event loop after each. */
const BATCH = 10;
const DEADLINE_MS = 120_000;

/** What the fan-out phase commits and who listens. */
export interface FanoutOptions extends BenchOptions {
  readonly entries: number;
  readonly subscribers: number;
  /** The setup line's start: store, durability, Node version. */
  readonly base: string;
}

/**
 * Connects `subscribers` to `/api/events` (a child process, each on its own connection), commits
 * `entries` journal entries in transactions of 10 with a turn of the event loop between them, and
 * checks that every subscriber received every entry after its start exactly once in seq order.
 * Reports delivery latency (commit resolved here → parsed in the child, per entry per subscriber),
 * the time from the first commit to the last receipt, and the commit rate reached.
 * @throws when a subscriber misses, repeats or reorders an entry
 */
export async function measureFanout(
  rt: Runtime,
  server: RunningServer,
  options: FanoutOptions,
): Promise<BenchResult[]> {
  const { entries, subscribers } = options;
  if (server.url === null) throw new Error('The API is not listening on TCP');
  const heads = await rt.store.read((r) => r.journalHeads());
  const after = Math.max(0, ...heads.map((h) => h.seq));
  options.log(`${BENCH}: ${subscribers} SSE subscribers, ${entries} entries after seq ${after}`);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CHILD,
      server.url,
      String(after),
      String(entries),
      String(subscribers),
      String(DEADLINE_MS),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LIBOS_BENCH_TOKEN: server.token } },
  );
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.startsWith('ready\n')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`subscriber child ended (${code ?? 'signal'}) before ready: ${stderr}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const commits = await commitEntries(rt, entries);
  const [code] = await exited;
  if (code !== 0) throw new Error(`subscriber child failed (${code ?? 'signal'}): ${stderr}`);
  const report = JSON.parse(stdout.slice('ready\n'.length)) as SubscriberReport;
  const expected = await journalSeqs(rt, after, commits.lastSeq);
  checkDelivery(report, expected);

  const latencies: number[] = [];
  let lastReceipt = 0;
  for (const { seqs, at } of report.subscribers)
    seqs.forEach((seq, i) => {
      const received = at[i] ?? 0;
      lastReceipt = Math.max(lastReceipt, received);
      const committed = commits.at.get(seq);
      if (committed !== undefined) latencies.push(received - committed);
    });
  const summary = summarizeLatency(latencies);
  const totalMs = lastReceipt - commits.firstStart;
  const commitSeconds = (commits.lastEnd - commits.firstStart) / 1000;
  options.log(
    `${BENCH}: fan-out ${describeLatency(summary)}, all delivered in ${totalMs.toFixed(0)} ms`,
  );
  const setup = `${options.base}; ${subscribers} subscribers on /api/events in a child process (own connection each, every event parsed); ${count(entries)} entries in transactions of ${BATCH}, a turn of the event loop between them, committed in ${commitSeconds.toFixed(2)} s (${count(Math.round(entries / commitSeconds))}/s); every subscriber got all ${count(expected.length)} entries once, in seq order; ${describeLatency(summary)}; ${describeLoad()}`;
  return [
    ...latencyResults(
      `SSE delivery, ${subscribers} subscribers × ${count(entries)} entries`,
      summary,
      {
        bench: BENCH,
        setup,
      },
    ),
    {
      bench: BENCH,
      // Only ever 0 here: a loss throws above, failing the benchmark with what went missing.
      name: `SSE entries missed, repeated or out of order, ${subscribers} subscribers`,
      value: 0,
      unit: 'entries',
      target: { op: '<=', value: 0 },
      setup,
    },
    {
      bench: BENCH,
      name: `SSE fan-out, ${subscribers} subscribers × ${count(entries)} entries: first commit → last receipt`,
      value: totalMs / 1000,
      unit: 's',
      setup,
    },
  ];
}

interface Commits {
  /** Seq → wall time (epoch ms, sub-ms) when its transaction resolved here. */
  readonly at: Map<number, number>;
  readonly firstStart: number;
  readonly lastEnd: number;
  readonly lastSeq: number;
}

async function commitEntries(rt: Runtime, entries: number): Promise<Commits> {
  const at = new Map<number, number>();
  const firstStart = now();
  let lastSeq = 0;
  for (let n = 0; n < entries; n += BATCH) {
    const drafts = Array.from({ length: Math.min(BATCH, entries - n) }, (_, k) => draft(n + k));
    const committed = await rt.store.transact((tx) => tx.appendJournal(drafts));
    const when = now();
    for (const entry of committed) at.set(entry.seq, when);
    lastSeq = committed.at(-1)?.seq ?? lastSeq;
    await nextTurn();
  }
  return { at, firstStart, lastEnd: now(), lastSeq };
}

/** Every seq in the journal after `after` up to `last`: what each subscriber must have received. */
async function journalSeqs(rt: Runtime, after: number, last: number): Promise<number[]> {
  const seqs: number[] = [];
  let cursor = after;
  while (cursor < last) {
    const page = await rt.journal({ afterSeq: cursor, limit: 1_000 });
    if (page.length === 0) break;
    for (const entry of page) if (entry.seq <= last) seqs.push(entry.seq);
    cursor = page.at(-1)?.seq ?? last;
  }
  return seqs;
}

/** Throws unless every subscriber received exactly `expected`, in that order. */
function checkDelivery(report: SubscriberReport, expected: readonly number[]): void {
  const problems: string[] = [];
  report.subscribers.forEach(({ seqs }, i) => {
    const seen = new Set(seqs);
    const missing = expected.filter((seq) => !seen.has(seq)).length;
    const repeated = seqs.length - seen.size;
    const outOfOrder = seqs.filter((seq, k) => k > 0 && seq <= (seqs[k - 1] ?? 0)).length;
    const strays = seqs.length - repeated - (expected.length - missing);
    if (missing + repeated + outOfOrder + strays > 0)
      problems.push(
        `subscriber ${i}: ${missing} missing, ${repeated} repeated, ${outOfOrder} out of order, ${strays} unexpected`,
      );
  });
  if (problems.length > 0)
    throw new Error(`SSE fan-out lost or disordered entries: ${problems.join('; ')}`);
}

function draft(n: number): JournalDraft {
  return { type: FANOUT_TYPE, pid: null, actor: 'operator', data: { n } };
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
