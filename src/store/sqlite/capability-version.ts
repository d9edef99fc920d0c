// The version of the capability records a SQLite store's writer has committed, for runtime caches.

/**
 * Counts commits that wrote capability rows. The writer lock makes one store handle the only
 * writer of its file, so this in-memory counter is exact: it moves, synchronously after COMMIT
 * (or after a failed COMMIT's rollback: a spare move is harmless), for every batch in which any
 * transaction wrote a capability row, whether that transaction's savepoint was kept or rolled
 * back. While such a batch is open, transactions report no version, so nothing read from rows
 * that may yet roll back is ever cached under a number a later commit would reuse.
 */
export class CapabilityVersion {
  #committed = 0;
  #isDirty = false;

  /** The version of the committed rows; what a snapshot taken now sees. */
  get committed(): number {
    return this.#committed;
  }

  /** The version a transaction of the open batch sees: null once the batch wrote capability rows. */
  get inBatch(): number | null {
    return this.#isDirty ? null : this.#committed;
  }

  /** Records that the open batch wrote (or tried to write) a capability row. */
  markWritten(): void {
    this.#isDirty = true;
  }

  /** Ends a batch, committed or rolled back: the version moves if it wrote capability rows. */
  settle(): void {
    if (!this.#isDirty) return;
    this.#isDirty = false;
    this.#committed += 1;
  }
}
