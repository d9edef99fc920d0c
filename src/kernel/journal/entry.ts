// Journal entry shapes and the hash that chains each entry to the one before it in its stream.
import { canonicalJson, type Json } from '../../base/canonical-json.js';
import { sha256Hex } from '../../base/hash.js';
import type { Pid } from '../../base/ids.js';
import type { Actor } from '../process/types.js';

/** What a command asks to append; the store assigns seq, stream, time and hashes. */
export interface JournalDraft {
  /** Past-tense dotted name, e.g. `process.spawned`. */
  readonly type: string;
  readonly pid: Pid | null;
  readonly actor: Actor;
  /** Ids, hashes and small scalars only: payloads are referenced, never copied. */
  readonly data: { readonly [key: string]: Json };
}

/** An appended journal entry. */
export interface JournalEntry extends JournalDraft {
  /** Global, strictly increasing position. */
  readonly seq: number;
  readonly at: number;
  /** The writer (node) whose chain this entry extends; one chain per writer. */
  readonly stream: string;
  /** Hash of the previous entry in the same stream, or GENESIS_HASH. */
  readonly prevHash: string;
  readonly hash: string;
}

/** The prevHash of the first entry of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/** `sha256(canonical(entry without hash) + prevHash)`. */
export function hashEntry(entry: Omit<JournalEntry, 'hash'>): string {
  const body = {
    seq: entry.seq,
    at: entry.at,
    type: entry.type,
    pid: entry.pid,
    actor: entry.actor,
    data: entry.data,
    stream: entry.stream,
    prevHash: entry.prevHash,
  };
  return sha256Hex(canonicalJson(body) + entry.prevHash);
}

/** Seals a draft into an entry chained after `prevHash`. */
export function sealEntry(
  draft: JournalDraft,
  position: { seq: number; at: number; stream: string; prevHash: string },
): JournalEntry {
  const unsealed = { ...draft, ...position };
  return { ...unsealed, hash: hashEntry(unsealed) };
}
