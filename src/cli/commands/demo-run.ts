// `agent-libos demo`: runs a small scripted process tree and shows its timeline from the journal.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSystemClock } from '../../base/clock.js';
import { ERROR_CODES, isLibosError, LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import { isTerminal, type AgentProcess } from '../../kernel/process/types.js';
import { openRuntime } from '../../open-runtime.js';
import type { Store } from '../../ports/store.js';
import type { Runtime } from '../../runtime/runtime.js';
import { verifyJournal, type JournalVerification } from '../../runtime/verify-journal.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import type { CliContext } from '../cli-context.js';
import { buildTimeline } from '../demo/build-timeline.js';
import { createDemoBody, DEMO_ROOT } from '../demo/demo-body.js';
import { formatTimeline } from '../demo/format-timeline.js';
import { formatProcessTable } from '../format/process-table.js';
import { writeJson } from '../format/write-json.js';

const PAGE = 1_000;

/**
 * Runs the demo tree (spawn, fork, message, sleep, interrupt, wait, exit) on a fresh temporary
 * database, or on `--db` when it holds no live processes; verifies the journal; prints the
 * timeline and the final process table (`{ db, processes, timeline, journal }` with `--json`).
 * Returns the exit code.
 * @throws INVALID_INPUT when `--db` has live processes the demo would run; STORE_LOCKED
 */
export async function runDemo(context: CliContext): Promise<number> {
  const dbPath = context.isDbGiven
    ? context.dbPath
    : join(await mkdtemp(join(tmpdir(), 'agent-libos-demo-')), 'runtime.db');
  if (context.isDbGiven) await refuseLiveProcesses(dbPath);
  if (!context.json) context.io.stdout(`demo database: ${dbPath}\n\n`);
  const failures: LibosError[] = [];
  const runtime = await openRuntime({
    db: dbPath,
    workspace: context.workspace,
    body: createDemoBody(),
    onError: (error) => failures.push(error),
  });
  let outcome: { processes: AgentProcess[]; entries: JournalEntry[]; journal: JournalVerification };
  try {
    outcome = await runTree(runtime, context.signal);
  } finally {
    await runtime.close();
  }
  const [failure] = failures;
  if (failure !== undefined) throw failure;
  const timeline = buildTimeline(outcome.entries, { processes: outcome.processes });
  const { journal, processes } = outcome;
  if (context.json) {
    writeJson(context.io, { db: dbPath, processes, timeline, journal });
  } else {
    const verdict = journal.ok
      ? `journal intact: ${journal.entries} entries`
      : `journal tampered at seq ${journal.seq}: ${journal.problem}`;
    context.io.stdout(`timeline\n${formatTimeline(timeline)}\n${verdict}\n\nprocesses\n`);
    context.io.stdout(formatProcessTable(processes));
    context.io.stdout(
      `\nlook around: agent-libos ps --db ${dbPath}\n            agent-libos journal list --db ${dbPath}\n`,
    );
  }
  return journal.ok ? 0 : ERROR_CODES.JOURNAL_TAMPERED.exitCode;
}

async function runTree(
  runtime: Runtime,
  signal: AbortSignal | undefined,
): Promise<{ processes: AgentProcess[]; entries: JournalEntry[]; journal: JournalVerification }> {
  const startSeq = await lastSeq(runtime.store);
  const root = await runtime.spawn(DEMO_ROOT);
  await runtime.run({ waitForTimers: true, ...(signal === undefined ? {} : { signal }) });
  if (signal?.aborted === true) throw new LibosError('CANCELLED', 'Running the demo was cancelled');
  const journal = await runtime.store.read((reader) => verifyJournal(reader, {}));
  const entries = await entriesAfter(runtime.store, startSeq);
  const processes = await treeOf(runtime, { root: root.pid, entries });
  if (!processes.every((p) => isTerminal(p.state))) {
    throw new LibosError('INTERNAL', 'Running the demo failed: its processes did not all finish');
  }
  return { processes, entries, journal };
}

/** Refuses a database whose live processes the demo's runtime would pick up and run. */
async function refuseLiveProcesses(dbPath: string): Promise<void> {
  if (!existsSync(dbPath)) return;
  let store: Store;
  try {
    store = await openSqliteStore({ path: dbPath, clock: createSystemClock(), readonly: true });
  } catch (error) {
    // No store yet, or an older schema: the writable open creates or migrates it.
    if (isLibosError(error, 'NOT_FOUND') || isLibosError(error, 'INVALID_INPUT')) return;
    throw error;
  }
  try {
    const live = await store.read((reader) =>
      reader.listProcesses({ limit: 1, states: ['runnable', 'running', 'waiting', 'paused'] }),
    );
    if (live.length > 0) {
      throw new LibosError(
        'INVALID_INPUT',
        'Running the demo failed: the database given with --db has live processes the demo would run; omit --db or use an empty database',
      );
    }
  } finally {
    await store.close();
  }
}

async function lastSeq(store: Store): Promise<number> {
  const heads = await store.read((reader) => reader.journalHeads());
  return Math.max(0, ...heads.map((head) => head.seq));
}

async function entriesAfter(store: Store, startSeq: number): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  let afterSeq = startSeq;
  for (;;) {
    const page = await store.read((reader) => reader.listJournal({ afterSeq, limit: PAGE }));
    entries.push(...page);
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE) return entries;
    afterSeq = last.seq;
  }
}

/** The root and every process spawned or forked beneath it, in creation order. */
async function treeOf(
  runtime: Runtime,
  tree: { root: Pid; entries: readonly JournalEntry[] },
): Promise<AgentProcess[]> {
  const members = new Set<string>([tree.root]);
  for (const entry of tree.entries) {
    const isCreation = entry.type === 'process.spawned' || entry.type === 'process.forked';
    const parent = entry.data.parentPid;
    if (isCreation && entry.pid !== null && typeof parent === 'string' && members.has(parent)) {
      members.add(entry.pid);
    }
  }
  return Promise.all([...members].map((pid) => runtime.get(pid)));
}
