// Maps sealed journal entries to and from rows of the `journal` table.
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { Actor } from '../../kernel/process/types.js';

/** A row of the `journal` table, named as its columns. */
export interface JournalRow {
  readonly seq: number;
  readonly at: number;
  readonly type: string;
  readonly pid: string | null;
  readonly actor: string;
  readonly data_json: string;
  readonly stream: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/** The row for `entry`. */
export function toJournalRow(entry: JournalEntry): JournalRow {
  return {
    seq: entry.seq,
    at: entry.at,
    type: entry.type,
    pid: entry.pid,
    actor: entry.actor,
    data_json: JSON.stringify(entry.data),
    stream: entry.stream,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

/**
 * The entry stored in `row`. Nothing is checked beyond decoding: detecting edits is the job of
 * journal verification, which recomputes the hashes.
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
    type: row.type,
    pid: row.pid as Pid | null,
    actor: row.actor as Actor,
    data,
    stream: row.stream,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
