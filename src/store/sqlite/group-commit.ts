// Group commit: commands queued while one batch runs share its SQLite transaction, a savepoint each.
import type Database from 'better-sqlite3';
import { throwIfAborted } from '../../base/abort.js';
import type { Clock } from '../../base/clock.js';
import type { StoreTx, TransactOptions } from '../../ports/store.js';
import type { SerialQueue } from './serial-queue.js';
import { SqliteTx, type JournalTail } from './sqlite-tx.js';
import type { SqliteWriter } from './sqlite-store.js';
import { toStoreError } from './to-store-error.js';
import type { AnchorLog } from '../anchor-log.js';
import type { CapabilityVersion } from './capability-version.js';

interface Pending {
  readonly fn: (tx: StoreTx) => Promise<unknown>;
  readonly options: TransactOptions;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Most commands one batch takes before it commits. */
const MAX_BATCH = 256;

/**
 * Runs commands as SQLite transactions with group commit. Each command runs inside a `SAVEPOINT`
 * of the batch's `BEGIN IMMEDIATE`; a command that throws rolls back to its savepoint alone; the
 * batch commits once and only then settles every command's promise, so a caller hears "done"
 * only for what is durable and a failed COMMIT fails every command in it. Commands queued while
 * a batch runs join it, so concurrent commands share the cost of one commit.
 */
export class GroupCommitter {
  readonly #writer: SqliteWriter;
  readonly #queue: SerialQueue;
  readonly #journal: { readonly stream: string; readonly clock: Clock; tail: JournalTail };
  readonly #pending: Pending[] = [];
  readonly #savepoint: Database.Statement<[]>;
  readonly #release: Database.Statement<[]>;
  readonly #rollbackTo: Database.Statement<[]>;
  #running = false;

  readonly #anchors: AnchorLog | undefined;
  readonly #version: CapabilityVersion;
  readonly #listeners = new Set<(seq: number) => void>();

  constructor(
    writer: SqliteWriter,
    options: {
      queue: SerialQueue;
      stream: string;
      clock: Clock;
      version: CapabilityVersion;
      anchors?: AnchorLog;
    },
  ) {
    this.#writer = writer;
    this.#version = options.version;
    this.#queue = options.queue;
    this.#anchors = options.anchors;
    this.#journal = { stream: options.stream, clock: options.clock, tail: writer.tail };
    this.#savepoint = writer.db.prepare('SAVEPOINT command');
    this.#release = writer.db.prepare('RELEASE command');
    this.#rollbackTo = writer.db.prepare('ROLLBACK TO command');
  }

  /** Adds a listener told the head seq after each commit that moved the journal. */
  onJournal(listener: (seq: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Queues `fn`; resolves with its result once the batch holding it has committed. */
  run<T>(fn: (tx: StoreTx) => Promise<T>, options: TransactOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ fn, options, resolve: resolve as (value: unknown) => void, reject });
      this.#kick();
    });
  }

  // The batch starts after the I/O callbacks that are already due have run (`setImmediate`), so
  // the commands they issue join it: with many agents in flight a batch then holds ~10 commands
  // instead of ~2, and its COMMIT writes the pages they share once. A lone caller pays one turn of
  // the event loop. It waits inside the queue's task, so closing the store still waits for it.
  #kick(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#queue
      .run(async () => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.#drain();
      }, {})
      .finally(() => {
        this.#running = false;
        if (this.#pending.length > 0) this.#kick();
      });
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) await this.#batch();
  }

  // The commit is durable whatever happens here: a failed anchor write is not the commands'
  // failure. The log then lags behind the head, which verification reports as unanchored, never
  // as intact-and-anchored.
  #anchor(tail: JournalTail): void {
    try {
      this.#anchors?.append({ stream: this.#journal.stream, seq: tail.seq, hash: tail.hash });
    } catch {
      // Left behind: the next commit's anchor covers this head too (it chains from it).
    }
  }

  async #batch(): Promise<void> {
    const settled: { readonly p: Pending; readonly value: unknown }[] = [];
    try {
      this.#writer.writes.begin.run();
    } catch (error) {
      for (const p of this.#pending.splice(0))
        p.reject(toStoreError(error, 'Starting a transaction'));
      return;
    }
    let tail = this.#journal.tail;
    const names: ReadonlyMap<string, number>[] = [];
    for (let count = 0; count < MAX_BATCH && this.#pending.length > 0; count++) {
      const p = this.#pending.shift() as Pending;
      const attempted = 'Running a store transaction';
      if (p.options.signal?.aborted === true) {
        p.reject(abortedError(p.options.signal, attempted));
        continue;
      }
      const tx = new SqliteTx(this.#writer.reads, this.#writer.writes, {
        stream: this.#journal.stream,
        clock: this.#journal.clock,
        tail,
        version: this.#version,
        names: this.#writer.journalNames,
      });
      this.#savepoint.run();
      try {
        const value = await p.fn(tx);
        if (tx.failure !== undefined) throw tx.failure;
        throwIfAborted(p.options.signal, attempted);
        this.#release.run();
        tail = tx.tail;
        settled.push({ p, value });
        names.push(tx.names.found);
      } catch (error) {
        // Only this command's writes go; the others in the batch are untouched.
        this.#rollbackTo.run();
        this.#release.run();
        p.reject(error);
      } finally {
        tx.end();
      }
    }
    const moved = tail.hash !== this.#journal.tail.hash;
    try {
      // The batch's last entry is the stream's head: one row write per batch, not per command.
      if (moved) this.#writer.writes.upsertHead.run(this.#journal.stream, tail.seq, tail.hash);
      this.#writer.writes.commit.run();
    } catch (error) {
      if (this.#writer.db.inTransaction) this.#writer.writes.rollback.run();
      this.#version.settle();
      for (const { p } of settled) p.reject(toStoreError(error, 'Committing a transaction'));
      return;
    }
    // Synchronously after COMMIT: no snapshot can start between the two.
    this.#version.settle();
    this.#journal.tail = tail;
    for (const found of names)
      for (const [name, id] of found) this.#writer.journalNames.set(name, id);
    if (moved) this.#anchor(tail);
    for (const { p, value } of settled) p.resolve(value);
    if (moved) this.#tell(tail.seq);
  }

  // A listener's failure is its own: it must not fail the commands that already committed.
  #tell(seq: number): void {
    for (const listener of this.#listeners) {
      try {
        listener(seq);
      } catch {
        // Ignored: see above.
      }
    }
  }
}

function abortedError(signal: AbortSignal, attempted: string): unknown {
  try {
    throwIfAborted(signal, attempted);
  } catch (error) {
    return error;
  }
  return undefined;
}
