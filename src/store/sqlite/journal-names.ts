// The ids of journal types and pids in `journal_names` (migration 007), as one command sees them.
import type { SqliteWrites } from './prepare-writes.js';

/**
 * Looks up or adds names for one command. Ids from committed batches come from `committed`
 * without a statement; ids this command looked up or added are kept in `found`, which the store
 * merges into `committed` only after the batch holding the command commits, so an id added by a
 * command that rolled back is never reused for another name.
 */
export class JournalNames {
  readonly found = new Map<string, number>();
  readonly #committed: ReadonlyMap<string, number>;
  readonly #writes: SqliteWrites;

  constructor(writes: SqliteWrites, committed: ReadonlyMap<string, number>) {
    this.#writes = writes;
    this.#committed = committed;
  }

  /** The id of `name`, added when it is new. */
  idOf(name: string): number {
    const known = this.#committed.get(name) ?? this.found.get(name);
    if (known !== undefined) return known;
    const id =
      this.#writes.journalNameId.get(name) ??
      Number(this.#writes.insertJournalName.run(name).lastInsertRowid);
    this.found.set(name, id);
    return id;
  }
}
