// Pure, incremental verification of the journal chain: feed entries in seq order.
import { GENESIS_HASH, hashEntry, type JournalEntry } from './entry.js';

/** The last entry of one stream's chain. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** Where verification stands after the entries fed so far. */
export interface ChainCursor {
  readonly lastSeq: number;
  /** Latest hash per stream. */
  readonly heads: ReadonlyMap<string, ChainHead>;
  readonly count: number;
}

/** A verification failure: the first entry that does not fit, and why. */
export interface ChainBreak {
  readonly seq: number;
  readonly problem: string;
}

/**
 * Verifies a journal fed one entry at a time in seq order. It mutates its own state instead of
 * copying a cursor per entry, so a million entries cost a million hashes and nothing more.
 * Given the heads the store recorded, it also catches entries appended after a stream's recorded
 * end (at the first such entry) and entries missing from a stream's end (in `finish`).
 * Stop feeding at the first break: the verifier does not advance past it.
 */
export class ChainVerifier {
  readonly #recorded: ReadonlyMap<string, ChainHead> | undefined;
  readonly #heads = new Map<string, ChainHead>();
  #lastSeq = 0;
  #count = 0;

  constructor(options: { recordedHeads?: ReadonlyMap<string, ChainHead> } = {}) {
    this.#recorded = options.recordedHeads;
  }

  /** Entries accepted so far. */
  get count(): number {
    return this.#count;
  }

  /** The cursor reached so far (a copy). */
  cursor(): ChainCursor {
    return { lastSeq: this.#lastSeq, heads: new Map(this.#heads), count: this.#count };
  }

  /** Checks the next entry; returns the break, or null after advancing past the entry. */
  check(entry: JournalEntry): ChainBreak | null {
    const head = this.#heads.get(entry.stream);
    const problem = linkProblem(this.#lastSeq, head, entry) ?? this.#boundProblem(entry);
    if (problem !== null) return { seq: entry.seq, problem };
    this.#heads.set(entry.stream, { seq: entry.seq, hash: entry.hash });
    this.#lastSeq = entry.seq;
    this.#count += 1;
    return null;
  }

  /** After the last entry: compares each stream's end with its recorded head, if heads were given. */
  finish(): ChainBreak | null {
    return this.#recorded === undefined ? null : headsBreak(this.#heads, this.#recorded);
  }

  #boundProblem(entry: JournalEntry): string | null {
    if (this.#recorded === undefined) return null;
    const end = this.#recorded.get(entry.stream);
    if (end === undefined) {
      return `stream ${entry.stream} has no recorded head: the entry was inserted`;
    }
    if (entry.seq > end.seq) {
      return `stream ${entry.stream} ends at seq ${end.seq} by its recorded head: the entry was inserted after it`;
    }
    return null;
  }
}

/** The cursor before the first entry. */
export const EMPTY_CURSOR: ChainCursor = { lastSeq: 0, heads: new Map(), count: 0 };

/**
 * Checks one entry against the chain so far; returns the advanced cursor or the break. Copies the
 * cursor per entry: prefer {@link ChainVerifier} for long journals.
 */
export function checkEntry(
  cursor: ChainCursor,
  entry: JournalEntry,
): { ok: true; cursor: ChainCursor } | { ok: false; break: ChainBreak } {
  const problem = linkProblem(cursor.lastSeq, cursor.heads.get(entry.stream), entry);
  if (problem !== null) return { ok: false, break: { seq: entry.seq, problem } };
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
  recorded: ReadonlyMap<string, ChainHead>,
): ChainBreak | null {
  return headsBreak(cursor.heads, recorded);
}

function linkProblem(
  lastSeq: number,
  head: ChainHead | undefined,
  entry: JournalEntry,
): string | null {
  if (entry.seq <= lastSeq) return `seq ${entry.seq} does not follow seq ${lastSeq}`;
  if (entry.prevHash !== (head?.hash ?? GENESIS_HASH)) {
    const after = head === undefined ? 'the start of its stream' : `seq ${head.seq}`;
    return `prevHash does not match ${after}: an entry was deleted, inserted or reordered`;
  }
  // A store may derive prevHash from the entry before (SQLite does): a forged predecessor with a
  // self-consistent hash then shows here, at the first entry sealed over the genuine one.
  if (hashEntry(entry) !== entry.hash)
    return 'hash does not match the entry: it was edited, or the entry before it was replaced';
  return null;
}

function headsBreak(
  seen: ReadonlyMap<string, ChainHead>,
  recorded: ReadonlyMap<string, ChainHead>,
): ChainBreak | null {
  for (const [stream, head] of recorded) {
    const end = seen.get(stream);
    if (end === undefined || end.seq !== head.seq || end.hash !== head.hash) {
      const at = end === undefined ? head.seq : Math.min(end.seq + 1, head.seq);
      return {
        seq: at,
        problem: `stream ${stream} should end at seq ${head.seq}: entries are missing or altered at its end`,
      };
    }
  }
  for (const [stream, end] of seen) {
    if (!recorded.has(stream)) {
      return {
        seq: end.seq,
        problem: `stream ${stream} has no recorded head: entries were inserted`,
      };
    }
  }
  return null;
}
