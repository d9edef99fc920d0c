// Maps sealed journal entries to and from rows of the `journal` table, hashes stored compactly.
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { Actor } from '../../kernel/process/types.js';
import { fromHashColumn, toHashColumn, type HashColumn } from './hash-column.js';

/**
 * `prev_hash` when the previous entry of the chain is the row at `seq - 1`: the reads derive it
 * from that row's hash (the common case: one writer appends every seq), so it is stored once.
 */
export const DERIVED_PREV_HASH = Buffer.alloc(0);

/**
 * A journal row as read: the type and pid names joined from `journal_names` (null when the id
 * names nothing: an edited row, which verification then reports), `actor` empty when it equals
 * `pid` (a process's own entries), `prev_hash` already derived where it was stored empty, and null
 * when the row it derives from is gone.
 */
export interface JournalRow {
  readonly seq: number;
  readonly at: number;
  readonly type: string | null;
  readonly pid: string | null;
  readonly actor: string;
  readonly data_json: string;
  readonly stream: string;
  readonly prev_hash: HashColumn | null;
  readonly hash: HashColumn;
}

/** A journal row as written: the type and pid as ids in `journal_names` (migration 007). */
export interface JournalInsert {
  readonly seq: number;
  readonly at: number;
  readonly type_id: number;
  readonly pid_id: number | null;
  readonly actor: string;
  readonly data_json: string;
  readonly stream: string;
  readonly prev_hash: HashColumn;
  readonly hash: HashColumn;
}

/**
 * The row for `entry`, its type and pid named by their ids. With `isPrevRow` (the entry's
 * prevHash is the hash of row `seq - 1`, in the same stream) the previous hash is not stored again.
 */
export function toJournalInsert(
  entry: JournalEntry,
  options: { isPrevRow: boolean; typeId: number; pidId: number | null },
): JournalInsert {
  return {
    seq: entry.seq,
    at: entry.at,
    type_id: options.typeId,
    pid_id: options.pidId,
    actor: entry.actor === entry.pid ? '' : entry.actor,
    data_json: JSON.stringify(entry.data),
    stream: entry.stream,
    prev_hash: options.isPrevRow ? DERIVED_PREV_HASH : toHashColumn(entry.prevHash),
    hash: toHashColumn(entry.hash),
  };
}

/**
 * The entry stored in `row`. Nothing is checked beyond decoding: detecting edits is the job of
 * journal verification, which recomputes the hashes (a derived prevHash whose row was deleted
 * reads as empty and fails the chain there).
 * @throws STORE_CORRUPT (with `details.seq`) when its data is not valid JSON.
 */
export function fromJournalRow(row: JournalRow): JournalEntry {
  let data: JournalEntry['data'];
  try {
    data = JSON.parse(row.data_json) as JournalEntry['data'];
  } catch (error) {
    throw new LibosError(
      'STORE_CORRUPT',
      `Reading journal entry ${row.seq} failed: its data is not valid JSON`,
      { details: { seq: row.seq }, cause: error },
    );
  }
  return {
    seq: row.seq,
    at: row.at,
    type: row.type ?? '',
    pid: row.pid as Pid | null,
    actor: (row.actor === '' && row.pid !== null ? row.pid : row.actor) as Actor,
    data,
    stream: row.stream,
    prevHash: fromHashColumn(row.prev_hash),
    hash: fromHashColumn(row.hash),
  };
}
