// Pure, incremental verification of the journal chain: feed entries in seq order.
import { GENESIS_HASH, hashEntry, type JournalEntry } from './entry.js';

/** Where verification stands after the entries fed so far. */
export interface ChainCursor {
  readonly lastSeq: number;
  /** Latest hash per stream. */
  readonly heads: ReadonlyMap<string, { readonly seq: number; readonly hash: string }>;
  readonly count: number;
}

/** A verification failure: the first entry that does not fit, and why. */
export interface ChainBreak {
  readonly seq: number;
  readonly problem: string;
}

/** The cursor before the first entry. */
export const EMPTY_CURSOR: ChainCursor = { lastSeq: 0, heads: new Map(), count: 0 };

/** Checks one entry against the chain so far; returns the advanced cursor or the break. */
export function checkEntry(
  cursor: ChainCursor,
  entry: JournalEntry,
): { ok: true; cursor: ChainCursor } | { ok: false; break: ChainBreak } {
  if (entry.seq <= cursor.lastSeq) {
    return fail(entry.seq, `seq ${entry.seq} does not follow seq ${cursor.lastSeq}`);
  }
  const head = cursor.heads.get(entry.stream);
  const expectedPrev = head?.hash ?? GENESIS_HASH;
  if (entry.prevHash !== expectedPrev) {
    const after = head === undefined ? 'the start of its stream' : `seq ${head.seq}`;
    return fail(
      entry.seq,
      `prevHash does not match ${after}: an entry was deleted, inserted or reordered`,
    );
  }
  if (hashEntry(entry) !== entry.hash) {
    return fail(entry.seq, 'hash does not match the entry: it was edited');
  }
  const heads = new Map(cursor.heads);
  heads.set(entry.stream, { seq: entry.seq, hash: entry.hash });
  return { ok: true, cursor: { lastSeq: entry.seq, heads, count: cursor.count + 1 } };
}

/**
 * Compares the chain's final heads with the heads the store recorded at each commit; a missing
 * tail (entries deleted from the end) shows up here.
 */
export function checkHeads(
  cursor: ChainCursor,
  recorded: ReadonlyMap<string, { readonly seq: number; readonly hash: string }>,
): ChainBreak | null {
  for (const [stream, head] of recorded) {
    const seen = cursor.heads.get(stream);
    if (seen === undefined || seen.seq !== head.seq || seen.hash !== head.hash) {
      const at = seen === undefined ? head.seq : Math.min(seen.seq + 1, head.seq);
      return {
        seq: at,
        problem: `stream ${stream} should end at seq ${head.seq}: entries are missing or altered at its end`,
      };
    }
  }
  for (const [stream, seen] of cursor.heads) {
    if (!recorded.has(stream))
      return {
        seq: seen.seq,
        problem: `stream ${stream} has no recorded head: entries were inserted`,
      };
  }
  return null;
}

function fail(seq: number, problem: string): { ok: false; break: ChainBreak } {
  return { ok: false, break: { seq, problem } };
}
