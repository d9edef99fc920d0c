// The StoreReader over one SQLite connection, valid only while its transaction or read is open.
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { Message } from '../../kernel/mailbox/types.js';
import type { AgentProcess, StateKind } from '../../kernel/process/types.js';
import type { JournalHead, JournalQuery, ProcessQuery, StoreReader } from '../../ports/store.js';
import { fromJournalRow } from './journal-row.js';
import { fromMessageRow } from './message-row.js';
import type { SqliteReads } from './prepare-reads.js';
import { fromProcessRow } from './process-row.js';
import { toStoreError } from './to-store-error.js';

/**
 * Reads through prepared statements. The driver is synchronous, so each method does its work when
 * called and returns a settled promise; `end()` makes later calls fail instead of silently reading
 * (or, for a transaction, writing) outside the transaction they belonged to.
 */
export class SqliteReader implements StoreReader {
  readonly #reads: SqliteReads;
  #isOpen = true;
  #failure: LibosError | undefined;

  constructor(reads: SqliteReads) {
    this.#reads = reads;
  }

  /** The first storage error a call met; a transaction that met one must not commit. */
  get failure(): LibosError | undefined {
    return this.#failure;
  }

  /** Marks this handle as finished; every later call throws. */
  end(): void {
    this.#isOpen = false;
  }

  /**
   * Runs synchronous `work` now if the handle is still open and returns its outcome as a settled
   * promise; driver errors become LibosErrors.
   */
  protected use<T>(attempted: string, work: () => T): Promise<T> {
    if (!this.#isOpen) {
      return Promise.reject(
        new LibosError(
          'INTERNAL',
          `${attempted} failed: the transaction or read it belonged to has ended`,
        ),
      );
    }
    try {
      return Promise.resolve(work());
    } catch (error) {
      if (error instanceof LibosError) return Promise.reject(error);
      // A driver error may strike after part of a write went through: remember it so the
      // transaction rolls back even if the caller catches the rejection.
      const failure = toStoreError(error, attempted);
      this.#failure ??= failure;
      return Promise.reject(failure);
    }
  }

  /** Reads one process by pid. */
  getProcess(pid: Pid): Promise<AgentProcess | undefined> {
    return this.use('Reading a process', () => {
      const row = this.#reads.getProcess(pid);
      return row === undefined ? undefined : fromProcessRow(row);
    });
  }

  /** Lists processes keyset-paged by pid. */
  listProcesses(query: ProcessQuery): Promise<AgentProcess[]> {
    return this.use('Listing processes', () => {
      checkLimit(query.limit);
      return this.#reads.listProcesses(query).map(fromProcessRow);
    });
  }

  /** Lists pids in `state`, keyset-paged by pid. */
  listPidsInState(state: StateKind, page: { afterPid?: Pid; limit: number }): Promise<Pid[]> {
    return this.use('Listing processes by state', () => {
      checkLimit(page.limit);
      return this.#reads.listPidsInState(state, page.afterPid ?? '', page.limit) as Pid[];
    });
  }

  /** Pids whose timer is due at or before `now`, earliest first. */
  listDueTimers(now: number, limit: number): Promise<Pid[]> {
    return this.use('Listing due timers', () => {
      checkLimit(limit);
      return this.#reads.listDueTimers(now, limit) as Pid[];
    });
  }

  /** The earliest timer wake-up, if any. */
  nextTimerAt(): Promise<number | undefined> {
    return this.use('Reading the next timer', () => this.#reads.nextTimerAt());
  }

  /** Undelivered messages for `pid`: interrupts first, then in posting order. */
  listUndelivered(pid: Pid, limit: number): Promise<Message[]> {
    return this.use('Listing undelivered messages', () => {
      checkLimit(limit);
      return this.#reads.listUndelivered(pid, limit).map(fromMessageRow);
    });
  }

  /** Journal entries in seq order, filtered. */
  listJournal(query: JournalQuery): Promise<JournalEntry[]> {
    return this.use('Listing the journal', () => {
      checkLimit(query.limit);
      return this.#reads.listJournal(query).map(fromJournalRow);
    });
  }

  /** The recorded head of every writer stream. */
  journalHeads(): Promise<JournalHead[]> {
    return this.use('Reading journal heads', () => this.#reads.journalHeads());
  }
}

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new LibosError('OUT_OF_RANGE', `Listing failed: limit must be a non-negative integer`, {
      details: { limit: Number.isFinite(limit) ? limit : String(limit) },
    });
  }
}
