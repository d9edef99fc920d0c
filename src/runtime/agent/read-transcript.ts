// Reading a process's durable transcript in full, page by page.
import type { Pid } from '../../base/ids.js';
import type { TranscriptEntry } from '../../kernel/agent/types.js';
import type { StoreReader } from '../../ports/store.js';

const TRANSCRIPT_PAGE = 1_000;

/** Every transcript entry after `afterSeq` (default: all), page by page: nothing is left out. */
export async function readTranscript(
  reader: StoreReader,
  pid: Pid,
  afterSeq = 0,
): Promise<TranscriptEntry[]> {
  const out: TranscriptEntry[] = [];
  for (let after = afterSeq; ;) {
    const page = await reader.listTranscript(pid, { afterSeq: after, limit: TRANSCRIPT_PAGE });
    out.push(...page);
    const last = page.at(-1);
    if (page.length < TRANSCRIPT_PAGE || last === undefined) return out;
    after = last.seq;
  }
}
