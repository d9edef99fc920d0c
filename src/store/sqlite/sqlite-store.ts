// The Store over SQLite: serialised write transactions on one connection, snapshot reads on another.
import type Database from 'better-sqlite3';
import type { Clock } from '../../base/clock.js';
import { LibosError } from '../../base/errors.js';
import type { Store, StoreReader, StoreTx, TransactOptions } from '../../ports/store.js';
import type { WriterLock } from './acquire-writer-lock.js';
import type { SqliteReads } from './prepare-reads.js';
import type { SqliteWrites } from './prepare-writes.js';
import { SerialQueue } from './serial-queue.js';
import { SqliteFileChangeReader } from './sqlite-file-change-reader.js';
import type { JournalTail } from './sqlite-tx.js';
import { GroupCommitter } from './group-commit.js';
import { CapabilityVersion } from './capability-version.js';
import { toStoreError } from './to-store-error.js';
import type { AnchorLog } from '../anchor-log.js';

/** The writing side of a store: its connection, statements and journal tail at open. */
export interface SqliteWriter {
  readonly db: Database.Database;
  readonly reads: SqliteReads;
  readonly writes: SqliteWrites;
  readonly tail: JournalTail;
  /** Ids of journal types and pids added by committed batches (names are never removed). */
  readonly journalNames: Map<string, number>;
}

/** Everything a SqliteStore runs on; the store owns and closes all of it. */
export interface SqliteStoreParts {
  /** Absent for a read-only store. */
  readonly writer: SqliteWriter | undefined;
  /** The connection `read()` uses; the writer's own connection for an in-memory store. */
  readonly reader: { readonly db: Database.Database; readonly reads: SqliteReads };
  readonly lock: WriterLock | undefined;
  readonly stream: string;
  readonly clock: Clock;
  /** The database file (absolute), or null in memory. */
  readonly location: string | null;
  /** The anchor log every commit appends its head to (absent: read-only or in-memory). */
  readonly anchors?: AnchorLog;
}

/**
 * A Store over better-sqlite3. Transactions run with group commit (see GroupCommitter: each
 * command in its own savepoint of a shared `BEGIN IMMEDIATE` … `COMMIT`, rolled back alone on any
 * throw); `read()` runs on a separate read-only connection inside a read
 * transaction, so it sees one committed snapshot and never waits for writers.
 */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite';
  readonly writable: boolean;
  readonly location: string | null;
  readonly #parts: SqliteStoreParts;
  readonly #writeQueue = new SerialQueue();
  readonly #readQueue: SerialQueue;
  readonly #beginRead: Database.Statement<[]>;
  readonly #endRead: Database.Statement<[]>;
  readonly #pinRead: Database.Statement<[]>;
  /** Absent for a read-only store: another process writes, so its reads report no version. */
  readonly #version: CapabilityVersion | undefined;
  readonly #committer: GroupCommitter | undefined;
  #isClosed = false;
  #closing: Promise<void> | undefined;

  constructor(parts: SqliteStoreParts) {
    this.#parts = parts;
    this.writable = parts.writer !== undefined;
    this.location = parts.location;
    if (parts.writer === undefined) {
      this.#version = undefined;
      this.#committer = undefined;
    } else {
      this.#version = new CapabilityVersion();
      this.#committer = new GroupCommitter(parts.writer, {
        queue: this.#writeQueue,
        stream: parts.stream,
        clock: parts.clock,
        version: this.#version,
        ...(parts.anchors === undefined ? {} : { anchors: parts.anchors }),
      });
    }
    // One connection can hold one transaction: an in-memory store reads through the write queue.
    this.#readQueue = parts.writer?.db === parts.reader.db ? this.#writeQueue : new SerialQueue();
    this.#beginRead = parts.reader.db.prepare('BEGIN DEFERRED');
    this.#endRead = parts.reader.db.prepare('COMMIT');
    // A deferred read takes its snapshot at its first read of the file, not at BEGIN.
    this.#pinRead = parts.reader.db.prepare('SELECT 1 FROM capabilities LIMIT 1');
  }

  /**
   * Runs `fn` in one transaction; everything it wrote commits together or not at all. `fn` must
   * not call `transact` (it would wait for itself).
   * @throws NOT_PERMITTED for a read-only store; CANCELLED when the store is closed or `signal`
   *   fires before commit; whatever `fn` throws, after rolling back.
   */
  transact<T>(fn: (tx: StoreTx) => Promise<T>, options: TransactOptions = {}): Promise<T> {
    const committer = this.#committer;
    if (committer === undefined) {
      return Promise.reject(
        new LibosError('NOT_PERMITTED', 'Writing to the store failed: it was opened read-only'),
      );
    }
    if (this.#isClosed) return Promise.reject(closedError('Running a store transaction'));
    return committer.run(fn, options);
  }

  /**
   * Runs `fn` against one consistent snapshot of committed data. Reads run one at a time, so `fn`
   * should not wait on anything but the reader. An in-memory store reads through the write queue,
   * so there `read` must not be called from inside a transaction.
   * @throws CANCELLED when the store is closed.
   */
  read<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T> {
    if (this.#isClosed) return Promise.reject(closedError('Reading the store'));
    return this.#readQueue.run(async () => {
      const { db, reads } = this.#parts.reader;
      runStatement(this.#beginRead, 'Starting a read');
      let reader: SqliteFileChangeReader | undefined;
      try {
        // The snapshot starts here and the version is read in the same synchronous step, so no
        // COMMIT (which moves the version synchronously) can fall between them.
        pinSnapshot(this.#pinRead);
        const version = this.#version?.committed ?? null;
        reader = new SqliteFileChangeReader(reads, { capabilityVersion: () => version });
        return await fn(reader);
      } finally {
        reader?.end();
        if (db.inTransaction) runStatement(this.#endRead, 'Ending a read');
      }
    });
  }

  onJournal(listener: (seq: number) => void): () => void {
    return this.#committer?.onJournal(listener) ?? (() => undefined);
  }

  /** Waits for running work, then closes the connections and releases the writer lock; idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  async #shutDown(): Promise<void> {
    this.#isClosed = true;
    await Promise.all([this.#writeQueue.drain(), this.#readQueue.drain()]);
    const { writer, reader, lock } = this.#parts;
    if (reader.db !== writer?.db) reader.db.close();
    writer?.db.close();
    this.#parts.anchors?.close();
    lock?.release();
  }
}

function runStatement(statement: Database.Statement<[]>, attempted: string): void {
  try {
    statement.run();
  } catch (error) {
    throw toStoreError(error, attempted);
  }
}

function pinSnapshot(statement: Database.Statement<[]>): void {
  try {
    statement.get();
  } catch (error) {
    throw toStoreError(error, 'Starting a read');
  }
}

function closedError(attempted: string): LibosError {
  return new LibosError('CANCELLED', `${attempted} was cancelled: the store is closed`);
}
