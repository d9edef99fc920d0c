// Journal-appending command throughput on SQLite against a bare single-row insert transaction (ARCHITECTURE §11).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Pid } from '../src/base/ids.js';
import type { JournalDraft } from '../src/kernel/journal/entry.js';
import { openRuntime } from '../src/open-runtime.js';
import type { Runtime } from '../src/runtime/runtime.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';
import { measureRate, measureSyncRate, type Rate } from './lib/measure-rate.js';
import { createTempDir } from './lib/temp-dir.js';
import { describeLoad } from './lib/describe-load.js';

const BENCH = 'journal-throughput';
const IN_FLIGHT = 64;
const COMMANDS_TARGET = 30_000;
const RATIO_TARGET = 3;

type Durability = 'normal' | 'fsync';

/** A journal-shaped row: the bare baseline writes what one journal entry weighs. */
const BARE_ROW = {
  at: 1_700_000_000_000,
  type: 'message.sent',
  pid: 'proc_0000000001abcdefghij',
  actor: 'operator',
  data_json:
    '{"bodySha256":"5d41402abc4b2a76b9719d911017c592b4c5e6a3a8e8f1a3b1e2c3d4e5f60718",' +
    '"from":"operator","interrupt":false,"message":"msg_0000000001abcdefghij"}',
  stream: 'local',
  prev_hash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

/**
 * Measures, per durability mode: bare inserts/s on a plain better-sqlite3 connection (same file
 * system, same pragmas), then `sendMessage` (operator to a runnable process) and a minimal
 * `store.transact(tx => tx.appendJournal([...]))`, each awaited one at a time and with 64 in flight.
 * The bare insert is measured again between every two command cases, and each ratio divides by the
 * mean of the bare runs right before and after its case, so a change in machine load during the
 * run moves both sides of the ratio alike.
 */
export async function journalThroughput(options: BenchOptions): Promise<BenchResult[]> {
  const timing = options.quick
    ? { warmupMs: 200, durationMs: 700 }
    : { warmupMs: 1_000, durationMs: 3_000 };
  const results: BenchResult[] = [];
  for (const durability of ['normal', 'fsync'] as const) {
    const dir = await createTempDir(`journal-${durability}`);
    try {
      results.push(...(await measureMode(dir.path, durability, { ...options, timing })));
    } finally {
      await dir[Symbol.asyncDispose]();
    }
  }
  return results;
}

interface ModeOptions extends BenchOptions {
  readonly timing: { readonly warmupMs: number; readonly durationMs: number };
}

async function measureMode(
  dir: string,
  durability: Durability,
  options: ModeOptions,
): Promise<BenchResult[]> {
  const { timing, log } = options;
  const synchronous = durability === 'fsync' ? 'FULL' : 'NORMAL';
  const setup = `SQLite WAL, synchronous=${synchronous}, ${timing.durationMs} ms window`;
  let bareRuns = 0;
  const bare = (shape: BareShape): Rate =>
    measureBareInsert(join(dir, `bare-${bareRuns++}.db`), { shape, synchronous, ...timing });
  log(`${BENCH}: bare insert transactions (${durability})`);
  const bareJournal = bare('journal');
  const bares: Rate[] = [bare('minimal')];
  const rt = await openRuntime({
    workspace: dir,
    db: join(dir, 'state', 'runtime.db'),
    durability,
  });
  const commands: [string, Rate][] = [];
  try {
    const receiver = (await rt.spawn({ imageId: 'base', goal: 'receive' })).pid;
    for (const [label, op, inFlight] of commandCases(rt, receiver)) {
      log(`${BENCH}: ${label} (${durability})`);
      commands.push([label, await measureRate(op, { ...timing, inFlight })]);
      bares.push(bare('minimal'));
    }
  } finally {
    await rt.close();
  }
  const hasTarget = durability === 'normal';
  const bareRates = bares.map((r) => r.perSecond);
  const out: BenchResult[] = [
    row(`bare insert txn, minimal row (${durability})`, mean(bareRates), 'txn/s', {
      setup: `${setup}; mean of ${bares.length} runs (${Math.round(Math.min(...bareRates))}–${Math.round(Math.max(...bareRates))}); ${cpuPerOp(bares)}`,
    }),
    row(`bare insert txn, journal-shaped row (${durability})`, bareJournal.perSecond, 'txn/s', {
      setup: `${setup}; the journal table's schema and indexes, a 500-byte row; ${cpuPerOp([bareJournal])}`,
    }),
  ];
  commands.forEach(([label, rate], i) => {
    const floor = mean([bareRates[i] ?? 0, bareRates[i + 1] ?? 0]);
    out.push(
      row(`${label} (${durability})`, rate.perSecond, 'commands/s', {
        setup: `${setup}; ${cpuPerOp([rate])}; ${describeLoad()}`,
        ...(hasTarget ? { target: { op: '>=', value: COMMANDS_TARGET } } : {}),
      }),
      row(`${label} (${durability}): bare ÷ command`, floor / rate.perSecond, '×', {
        setup: `against the minimal bare row measured before and after (${Math.round(floor)} txn/s); against the journal-shaped bare row ${(bareJournal.perSecond / rate.perSecond).toFixed(2)}×`,
        ...(hasTarget ? { target: { op: '<=', value: RATIO_TARGET } } : {}),
      }),
    );
  });
  return out;
}

function commandCases(
  rt: Runtime,
  receiver: Pid,
): [label: string, op: (i: number) => Promise<unknown>, inFlight: number][] {
  const send = (i: number): Promise<unknown> => rt.send(receiver, { text: 'ping', n: i });
  const append = (i: number): Promise<unknown> =>
    rt.store.transact((tx) => tx.appendJournal([noteDraft(i)]));
  return [
    ['sendMessage, sequential', send, 1],
    [`sendMessage, ${IN_FLIGHT} in flight`, send, IN_FLIGHT],
    ['transact+appendJournal, sequential', append, 1],
    [`transact+appendJournal, ${IN_FLIGHT} in flight`, append, IN_FLIGHT],
  ];
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** CPU time per operation: a figure that contention for the cores distorts less than a rate. */
function cpuPerOp(rates: readonly Rate[]): string {
  const cpu = rates.reduce((sum, r) => sum + r.cpuSeconds, 0);
  const ops = rates.reduce((sum, r) => sum + r.ops, 0);
  return `${((cpu / ops) * 1e6).toFixed(1)} µs CPU/op`;
}

function noteDraft(i: number): JournalDraft {
  return { type: 'bench.noted', pid: null, actor: 'operator', data: { n: i } };
}

/** What the bare baseline inserts: a small row, or a row shaped like a journal entry. */
export type BareShape = 'minimal' | 'journal';

const BARE_SCHEMA: Record<BareShape, { ddl: string; insert: string }> = {
  minimal: {
    ddl: 'CREATE TABLE bare (id INTEGER PRIMARY KEY, body TEXT NOT NULL)',
    insert: 'INSERT INTO bare (id, body) VALUES (@seq, @data_json)',
  },
  journal: {
    ddl:
      'CREATE TABLE journal (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL, ' +
      'pid TEXT, actor TEXT NOT NULL, data_json TEXT NOT NULL, stream TEXT NOT NULL, ' +
      'prev_hash TEXT NOT NULL, hash TEXT NOT NULL);' +
      'CREATE INDEX journal_by_pid ON journal (pid, seq) WHERE pid IS NOT NULL;' +
      'CREATE INDEX journal_by_type ON journal (type, seq);',
    insert:
      'INSERT INTO journal (seq, at, type, pid, actor, data_json, stream, prev_hash, hash) ' +
      'VALUES (@seq, @at, @type, @pid, @actor, @data_json, @stream, @prev_hash, @hash)',
  },
};

/**
 * `BEGIN IMMEDIATE; INSERT one row; COMMIT` on its own connection and file with the store's
 * pragmas: either a minimal row (`id`, a short text) or a journal-shaped row into a table with
 * the journal's schema and indexes.
 */
export function measureBareInsert(
  path: string,
  options: {
    shape: BareShape;
    synchronous: 'NORMAL' | 'FULL';
    warmupMs: number;
    durationMs: number;
  },
): Rate {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    const schema = BARE_SCHEMA[options.shape];
    db.exec(schema.ddl);
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    const insert = db.prepare(schema.insert);
    const minimal = { seq: 0, data_json: '{"n":0}' };
    return measureSyncRate(
      (i) => {
        begin.run();
        insert.run(
          options.shape === 'minimal'
            ? { ...minimal, seq: i + 1, data_json: `{"n":${i}}` }
            : { ...BARE_ROW, seq: i + 1 },
        );
        commit.run();
      },
      { warmupMs: options.warmupMs, durationMs: options.durationMs },
    );
  } finally {
    db.close();
  }
}

function row(
  name: string,
  value: number,
  unit: string,
  extra: Pick<BenchResult, 'setup' | 'target'>,
): BenchResult {
  return { bench: BENCH, name, value, unit, ...extra };
}
