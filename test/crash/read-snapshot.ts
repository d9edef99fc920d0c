// Reads what a store holds, read-only: raw process and message rows, the journal and its heads,
// and whether the journal verifies. Opening read-only takes no writer lock and writes nothing, so
// this records exactly what was committed when a writer died.
import Database from 'better-sqlite3';
import { createSystemClock } from '../../src/base/clock.js';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import type { JournalHead } from '../../src/ports/store.js';
import { verifyJournal, type JournalVerification } from '../../src/runtime/verify-journal.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';

/** A process row as stored, before any decoding that could hide a bad value. */
export interface RawProcess {
  readonly pid: string;
  readonly parentPid: string | null;
  readonly goal: string;
  readonly stateKind: string;
  readonly stateJson: string;
  readonly wakeAt: number | null;
  readonly fence: number;
  readonly pendingInterrupts: number;
  readonly version: number;
}

/** A message row as stored. */
export interface RawMessage {
  readonly id: string;
  readonly to: string;
  readonly from: string;
  readonly interrupt: boolean;
  readonly deliveredAt: number | null;
}

/** Everything the crash checks look at, read from one store at one moment. */
export interface StoreSnapshot {
  readonly processes: ReadonlyMap<string, RawProcess>;
  readonly messages: ReadonlyMap<string, RawMessage>;
  /** The whole journal in seq order. */
  readonly journal: readonly JournalEntry[];
  readonly heads: readonly JournalHead[];
  readonly verification: JournalVerification;
}

const JOURNAL_PAGE = 5_000;

/** Reads a snapshot of the store at `dbPath` without writing to it. */
export async function readSnapshot(dbPath: string): Promise<StoreSnapshot> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  let rows: { processes: Map<string, RawProcess>; messages: Map<string, RawMessage> };
  try {
    rows = db.transaction(() => ({ processes: readProcesses(db), messages: readMessages(db) }))();
  } finally {
    db.close();
  }
  const store = await openSqliteStore({ path: dbPath, clock: createSystemClock(), readonly: true });
  try {
    return await store.read(async (reader) => {
      const heads = await reader.journalHeads();
      const journal: JournalEntry[] = [];
      for (;;) {
        const last = journal.at(-1);
        const page = await reader.listJournal(
          last === undefined
            ? { limit: JOURNAL_PAGE }
            : { afterSeq: last.seq, limit: JOURNAL_PAGE },
        );
        journal.push(...page);
        if (page.length < JOURNAL_PAGE) break;
      }
      const verification = await verifyJournal(reader, {});
      return { ...rows, journal, heads, verification };
    });
  } finally {
    await store.close();
  }
}

function readProcesses(db: Database.Database): Map<string, RawProcess> {
  const rows = db
    .prepare<
      [],
      {
        pid: string;
        parent_pid: string | null;
        goal: string;
        state_kind: string;
        state_json: string;
        wake_at: number | null;
        fence: number;
        pending_interrupts: number;
        version: number;
      }
    >(
      'SELECT pid, parent_pid, goal, state_kind, state_json, wake_at, fence, pending_interrupts, ' +
        'version FROM processes ORDER BY pid',
    )
    .all();
  return new Map(
    rows.map((row) => [
      row.pid,
      {
        pid: row.pid,
        parentPid: row.parent_pid,
        goal: row.goal,
        stateKind: row.state_kind,
        stateJson: row.state_json,
        wakeAt: row.wake_at,
        fence: row.fence,
        pendingInterrupts: row.pending_interrupts,
        version: row.version,
      },
    ]),
  );
}

function readMessages(db: Database.Database): Map<string, RawMessage> {
  const rows = db
    .prepare<
      [],
      {
        id: string;
        to_pid: string;
        from_actor: string;
        interrupt: number;
        delivered_at: number | null;
      }
    >('SELECT id, to_pid, from_actor, interrupt, delivered_at FROM messages ORDER BY id')
    .all();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        to: row.to_pid,
        from: row.from_actor,
        interrupt: row.interrupt !== 0,
        deliveredAt: row.delivered_at,
      },
    ]),
  );
}
