// Journal entries of a quantum that record no change (read outcomes, context manifests), written with its next command.
import { LibosError } from '../base/errors.js';
import type { JournalDraft } from '../kernel/journal/entry.js';
import type { Store, StoreReader, StoreTx, TransactOptions } from '../ports/store.js';

/**
 * Holds a quantum's entries that record no change to the world or the runtime — the outcome of a
 * read, the manifest of a context — and writes them at the start of the quantum's next command,
 * in its transaction, instead of paying a transaction each. They are never lost without a crash:
 * the quantum's last step (yield, block, exit) is a command too, and `flush` writes what is left
 * when a quantum ends without one. A crash loses only entries of reads whose results had not yet
 * been recorded anywhere (a tool result is a command), so nothing that reached a model or the
 * world goes unjournaled.
 */
export class DeferredJournal {
  readonly #pending: JournalDraft[] = [];
  readonly #writes: ((tx: StoreTx) => Promise<void>)[] = [];
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /**
   * Queues an entry for the next command, with a row write that goes with it (settling the intent
   * of a call whose recovery is a retry, which a crash may leave unsettled without harm).
   */
  defer(draft: JournalDraft, write?: (tx: StoreTx) => Promise<void>): void {
    this.#pending.push(draft);
    if (write !== undefined) this.#writes.push(write);
  }

  /** The store the quantum's commands use: each transaction first appends what is queued. */
  get store(): Store {
    return {
      dialect: this.#store.dialect,
      writable: this.#store.writable,
      location: this.#store.location,
      transact: <T>(fn: (tx: StoreTx) => Promise<T>, options?: TransactOptions): Promise<T> =>
        this.#transact(fn, options),
      read: <T>(fn: (reader: StoreReader) => Promise<T>): Promise<T> => this.#store.read(fn),
      onJournal: (listener) => this.#store.onJournal(listener),
      close: () => Promise.reject(new LibosError('INTERNAL', 'A quantum cannot close the store')),
    };
  }

  /** Writes whatever is still queued, in a transaction of its own. */
  async flush(): Promise<void> {
    if (this.#pending.length > 0 || this.#writes.length > 0)
      await this.#transact(() => Promise.resolve(), undefined);
  }

  async #transact<T>(
    fn: (tx: StoreTx) => Promise<T>,
    options: TransactOptions | undefined,
  ): Promise<T> {
    const carried = this.#pending.splice(0);
    const writes = this.#writes.splice(0);
    try {
      return await this.#store.transact(async (tx) => {
        for (const write of writes) await write(tx);
        if (carried.length > 0) await tx.appendJournal(carried);
        return fn(tx);
      }, options);
    } catch (error) {
      // Rolled back with the command: they go out with the next one.
      this.#pending.unshift(...carried);
      this.#writes.unshift(...writes);
      throw error;
    }
  }
}
