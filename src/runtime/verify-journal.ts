// Verifies the whole journal against its hash chain, its recorded heads and its anchors, page by page.
import { throwIfAborted } from '../base/abort.js';
import { isLibosError, LibosError } from '../base/errors.js';
import type { Anchor, AnchorLine } from '../kernel/journal/anchor.js';
import { AnchorChecker } from '../kernel/journal/anchor-checker.js';
import type { JournalEntry } from '../kernel/journal/entry.js';
import { ChainVerifier, type ChainHead } from '../kernel/journal/verify-chain.js';
import type { StoreReader } from '../ports/store.js';

/** What the anchors told: how many were checked, the newest anchored seq, where anchoring began. */
export interface AnchorReport {
  readonly checked: number;
  readonly newest: number;
  /** Seq of the log's start line (0 for a log as old as the journal); null without a start line. */
  readonly from: number | null;
}

/** The outcome of {@link verifyJournal}; `entries` counts the entries that verified. */
export type JournalVerification =
  | {
      readonly ok: true;
      readonly entries: number;
      readonly anchors: AnchorReport | null;
      /** Limits of what could be checked (a log started late); never a break. */
      readonly warnings: readonly string[];
    }
  | {
      readonly ok: false;
      readonly entries: number;
      readonly seq: number;
      readonly problem: string;
    };

/** Options of {@link verifyJournal}. */
export interface VerifyOptions {
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
  /**
   * The anchor log, line by line; `null` says the log is missing (a break when the journal has
   * entries); absent, anchors are not checked.
   */
  readonly anchors?: AsyncIterable<AnchorLine> | null;
  /** Anchors kept elsewhere (`journal anchor` output): each must be in the journal as is. */
  readonly kept?: readonly Anchor[];
}

const DEFAULT_PAGE_SIZE = 1_000;

/**
 * Reads the recorded heads, then every entry in seq order (keyset pages on `afterSeq`), and reports
 * the first entry that was edited, deleted, inserted or reordered, a stream whose end no longer
 * matches its recorded head, and — against the anchor log and the anchors kept elsewhere — an
 * entry rewritten or deleted before the newest anchor or a truncated tail, which a chain and head
 * recomputed inside the database cannot hide. Memory stays bounded by one page and one log line.
 * Pass the reader of `store.read` so heads and entries come from one snapshot.
 * @throws CANCELLED | DEADLINE_EXCEEDED when `signal` fires; OUT_OF_RANGE for a bad page size.
 * @example
 * const result = await store.read((reader) => verifyJournal(reader, { anchors }));
 * if (!result.ok) console.error(`journal broken at seq ${result.seq}: ${result.problem}`);
 */
export async function verifyJournal(
  reader: StoreReader,
  options: VerifyOptions = {},
): Promise<JournalVerification> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new LibosError(
      'OUT_OF_RANGE',
      'Verifying the journal failed: pageSize must be a positive integer',
    );
  }
  const attempted = 'Verifying the journal';
  throwIfAborted(options.signal, attempted);
  const recordedHeads = new Map<string, ChainHead>();
  for (const head of await reader.journalHeads()) recordedHeads.set(head.stream, head);
  const verifier = new ChainVerifier({ recordedHeads });
  const anchors = options.anchors === undefined ? null : new AnchorFeed(options.anchors);
  // The first page has no lower bound, so rows forged with seq <= 0 are read (and rejected) too.
  let afterSeq: number | undefined;
  let limit = pageSize;
  let lastSeq = 0;
  for (;;) {
    throwIfAborted(options.signal, attempted);
    let page: JournalEntry[];
    try {
      page = await reader.listJournal(afterSeq === undefined ? { limit } : { afterSeq, limit });
    } catch (error) {
      const seq = corruptSeq(error);
      if (seq === undefined) throw error;
      // An undecodable row fails its whole page; step one entry at a time to the first bad one.
      if (limit === 1) return broken(verifier, seq, 'the entry cannot be decoded: it was edited');
      limit = 1;
      continue;
    }
    const feedBreak = await anchors?.feedThrough(page.at(-1)?.seq ?? 0);
    if (feedBreak != null) return broken(verifier, feedBreak.seq, feedBreak.problem);
    for (const entry of page) {
      const problem = verifier.check(entry) ?? anchors?.checker.check(entry) ?? null;
      if (problem !== null) return broken(verifier, problem.seq, problem.problem);
      lastSeq = entry.seq;
    }
    const last = page.at(-1);
    if (last === undefined || page.length < limit) break;
    afterSeq = last.seq;
  }
  const end = verifier.finish() ?? (await anchors?.finish(lastSeq)) ?? null;
  if (end !== null) return broken(verifier, end.seq, end.problem);
  const kept = await keptBreak(reader, options.kept ?? []);
  if (kept !== null) return broken(verifier, kept.seq, kept.problem);
  if (options.anchors === null && verifier.count > 0)
    return broken(
      verifier,
      lastSeq,
      'the anchor log is missing: the journal cannot be checked against its anchors',
    );
  const start = verifier.count > 0 ? anchors?.startProblem() : null;
  if (start != null) return broken(verifier, start.seq, start.problem);
  return {
    ok: true,
    entries: verifier.count,
    anchors: anchors?.report() ?? null,
    warnings: anchors?.warnings(lastSeq) ?? [],
  };
}

/** Pulls anchor lines just far enough ahead of the entries being checked. */
class AnchorFeed {
  readonly checker = new AnchorChecker();
  readonly #lines: AsyncIterator<AnchorLine> | null;
  #ahead: AnchorLine | null = null;
  #done = false;
  #fed = 0;

  constructor(source: AsyncIterable<AnchorLine> | null) {
    this.#lines = source === null ? null : source[Symbol.asyncIterator]();
    if (source === null) this.#done = true;
  }

  /** Feeds every anchor with seq ≤ `seq` (and any line that is not an anchor: a break). */
  async feedThrough(seq: number): Promise<{ seq: number; problem: string } | null> {
    for (;;) {
      const next = this.#ahead ?? (await this.#pull());
      if (next === null) return null;
      if ('problem' in next) return { seq, problem: next.problem };
      if (next.anchor.seq > seq && this.checker.newest <= next.anchor.seq) {
        this.#ahead = next;
        return null;
      }
      this.#ahead = null;
      this.#fed += 1;
      this.checker.add(next.anchor, next.line);
    }
  }

  async finish(lastSeq: number): Promise<{ seq: number; problem: string } | null> {
    const fed = await this.feedThrough(Number.MAX_SAFE_INTEGER);
    return fed ?? this.checker.finish(lastSeq);
  }

  report(): AnchorReport {
    return {
      checked: this.checker.checked,
      newest: this.checker.newest,
      from: this.checker.start?.seq ?? null,
    };
  }

  /**
   * A log that does not begin where the journal began lost its earlier anchors: emptied, cut at
   * its head, or deleted and started again by a later open. Each is a break.
   */
  startProblem(): { seq: number; problem: string } | null {
    const start = this.checker.start;
    if (this.#fed === 0)
      return { seq: 1, problem: 'the anchor log is empty: its anchors were deleted' };
    if (start === undefined)
      return {
        seq: 1,
        problem: 'the anchor log has no start line: its beginning was cut off or it was replaced',
      };
    if (start.seq > 0)
      return {
        seq: start.seq,
        problem: `the anchor log starts at seq ${start.seq}, after the journal began: it was deleted and started again, so earlier entries lost their anchors`,
      };
    return null;
  }

  /** Limits that are no break: entries committed after the newest anchor (not anchored yet). */
  warnings(lastSeq: number): string[] {
    const newest = this.checker.newest;
    return lastSeq > newest
      ? [`entries after seq ${newest} are not anchored yet (a commit in flight, or a crash)`]
      : [];
  }

  async #pull(): Promise<AnchorLine | null> {
    if (this.#done || this.#lines === null) return null;
    const next = await this.#lines.next();
    if (next.done === true) {
      this.#done = true;
      return null;
    }
    return next.value;
  }
}

async function keptBreak(
  reader: StoreReader,
  kept: readonly Anchor[],
): Promise<{ seq: number; problem: string } | null> {
  for (const anchor of kept) {
    const [entry] = await reader.listJournal({ afterSeq: anchor.seq - 1, limit: 1 });
    if (entry?.seq !== anchor.seq)
      return {
        seq: anchor.seq,
        problem: `entry ${anchor.seq} is gone but you kept its anchor: the journal was truncated`,
      };
    if (entry.stream !== anchor.stream || entry.hash !== anchor.hash)
      return {
        seq: anchor.seq,
        problem: `entry ${anchor.seq} does not match the anchor you kept: it was rewritten`,
      };
  }
  return null;
}

function broken(verifier: ChainVerifier, seq: number, problem: string): JournalVerification {
  return { ok: false, entries: verifier.count, seq, problem };
}

/** The seq of an entry the store could not decode, when that is what `error` reports. */
function corruptSeq(error: unknown): number | undefined {
  if (!isLibosError(error, 'STORE_CORRUPT')) return undefined;
  const seq = error.details['seq'];
  return typeof seq === 'number' ? seq : undefined;
}
