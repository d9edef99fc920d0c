// Verifies the whole journal against its hash chain and recorded heads, page by page.
import { throwIfAborted } from '../base/abort.js';
import { isLibosError, LibosError } from '../base/errors.js';
import type { JournalEntry } from '../kernel/journal/entry.js';
import { ChainVerifier, type ChainHead } from '../kernel/journal/verify-chain.js';
import type { StoreReader } from '../ports/store.js';

/** The outcome of {@link verifyJournal}; `entries` counts the entries that verified. */
export type JournalVerification =
  | { readonly ok: true; readonly entries: number }
  | {
      readonly ok: false;
      readonly entries: number;
      readonly seq: number;
      readonly problem: string;
    };

const DEFAULT_PAGE_SIZE = 1_000;

/**
 * Reads the recorded heads, then every entry in seq order (keyset pages on `afterSeq`), and reports
 * the first entry that was edited, deleted, inserted or reordered, or a stream whose end no longer
 * matches its recorded head. Memory stays bounded by one page. Pass the reader of `store.read` so
 * heads and entries come from one snapshot; a reader that sees commits land mid-way may report a
 * stream that goes past its recorded head.
 * @throws CANCELLED | DEADLINE_EXCEEDED when `signal` fires; OUT_OF_RANGE for a bad page size.
 * @example
 * const result = await store.read((reader) => verifyJournal(reader, {}));
 * if (!result.ok) console.error(`journal broken at seq ${result.seq}: ${result.problem}`);
 */
export async function verifyJournal(
  reader: StoreReader,
  options: { pageSize?: number; signal?: AbortSignal } = {},
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
  // The first page has no lower bound, so rows forged with seq <= 0 are read (and rejected) too.
  let afterSeq: number | undefined;
  let limit = pageSize;
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
    for (const entry of page) {
      const problem = verifier.check(entry);
      if (problem !== null) return broken(verifier, problem.seq, problem.problem);
    }
    const last = page.at(-1);
    if (last === undefined || page.length < limit) break;
    afterSeq = last.seq;
  }
  const end = verifier.finish();
  if (end !== null) return broken(verifier, end.seq, end.problem);
  return { ok: true, entries: verifier.count };
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
