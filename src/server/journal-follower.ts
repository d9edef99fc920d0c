// Follows the journal's head as commits land, so readers of new entries wait instead of polling.
import type { Store } from '../ports/store.js';

/** The heartbeat bound: a waiter re-checks at least this often even if no commit tells it. */
const RECHECK_MS = 1_000;

/**
 * Tracks the head seq of a store's journal (told by `Store.onJournal` after each commit) and
 * wakes whoever waits for entries past a seq. One per server; close it with the server.
 */
export class JournalFollower {
  #head: number;
  readonly #waiters = new Set<() => void>();
  readonly #unsubscribe: () => void;

  private constructor(store: Store, head: number) {
    this.#head = head;
    this.#unsubscribe = store.onJournal((seq) => {
      if (seq > this.#head) this.#head = seq;
      for (const wake of [...this.#waiters]) wake();
    });
  }

  /** Starts following `store` from its current head. */
  static async open(store: Store): Promise<JournalFollower> {
    const heads = await store.read((r) => r.journalHeads());
    return new JournalFollower(store, Math.max(0, ...heads.map((h) => h.seq)));
  }

  /** The newest committed seq this follower has heard of. */
  get head(): number {
    return this.#head;
  }

  /**
   * Resolves once the head is past `seq`, `signal` fires, or a second has passed (a bound, so a
   * missed wake-up costs at most that).
   */
  waitPast(seq: number, signal?: AbortSignal): Promise<void> {
    if (this.#head > seq || signal?.aborted === true) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, RECHECK_MS);
      this.#waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Stops following and releases every waiter. */
  close(): void {
    this.#unsubscribe();
    for (const wake of [...this.#waiters]) wake();
  }
}
