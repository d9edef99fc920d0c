// The calls of a run that did not simply succeed (denied, failed, blocked on a human), read from the journal.
import type { Json } from '../../base/canonical-json.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { Runtime } from '../../runtime/runtime.js';

/** One call that was denied, failed, or blocked waiting on a human. */
export interface FlaggedCall {
  /** The journal entry that says so. */
  readonly seq: number;
  readonly pid: string;
  readonly outcome: 'denied' | 'failed' | 'blocked';
  /** The syscall, when the entry names one (a question to a human names none). */
  readonly syscall: string | null;
  /** The stable error code of a denied or failed call; null for a blocked one. */
  readonly code: string | null;
  /** What it was about: `rights on resource`, or for a blocked call the request's kind. */
  readonly detail: string;
  /** The human request a blocked call waits on. */
  readonly request: string | null;
}

/** The journal types read, and the outcome each means. */
const TYPES = [
  ['syscall.denied', 'denied'],
  ['syscall.failed', 'failed'],
  ['approval.requested', 'blocked'],
] as const;

const PAGE = 500;

/**
 * Every `syscall.denied`, `syscall.failed` and `approval.requested` entry (a notification asks
 * nothing and is left out) of the processes `pids` after journal seq `afterSeq`, in seq order. The
 * journal, not the live progress, is the source, so the list is complete however the run was
 * watched (no terminal, `--json`) and for a resumed run too.
 */
export async function readFlaggedCalls(
  runtime: Pick<Runtime, 'journal'>,
  options: { pids: ReadonlySet<string>; afterSeq: number },
): Promise<FlaggedCall[]> {
  const found: FlaggedCall[] = [];
  for (const [type, outcome] of TYPES) {
    let afterSeq = options.afterSeq;
    for (;;) {
      const page = await runtime.journal({ type, afterSeq, limit: PAGE });
      for (const entry of page) {
        if (entry.pid === null || !options.pids.has(entry.pid)) continue;
        if (outcome === 'blocked' && entry.data.kind === 'notification') continue;
        found.push(flag(entry, { outcome }));
      }
      const last = page.at(-1);
      if (last === undefined || page.length < PAGE) break;
      afterSeq = last.seq;
    }
  }
  return found.sort((a, b) => a.seq - b.seq);
}

function flag(entry: JournalEntry, options: { outcome: FlaggedCall['outcome'] }): FlaggedCall {
  const { data } = entry;
  const resource = text(data.resource);
  const rights = Array.isArray(data.rights)
    ? data.rights.filter((r): r is string => typeof r === 'string').join(',')
    : '';
  const on = resource === null ? null : `${rights === '' ? '' : `${rights} on `}${resource}`;
  const isBlocked = options.outcome === 'blocked';
  return {
    seq: entry.seq,
    pid: entry.pid ?? '',
    outcome: options.outcome,
    syscall: text(data.syscall),
    code: isBlocked ? null : text(data.code),
    detail: isBlocked
      ? `asks a human: ${text(data.kind) ?? 'request'}${on === null ? '' : ` for ${on}`}`
      : (on ?? '-'),
    request: isBlocked ? text(data.request) : null,
  };
}

/** A non-empty string value, or null. */
function text(value: Json | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
