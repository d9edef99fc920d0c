// The live event stream: journal entries in seq order, each followed by the record it changed.
import type { Json } from '../base/canonical-json.js';
import type { Pid } from '../base/ids.js';
import type { JournalEntry } from '../kernel/journal/entry.js';
import type { Runtime } from '../runtime/runtime.js';
import type { JournalFollower } from './journal-follower.js';
import { listedRequest } from './listed-request.js';

/** One server-sent event: `id` is the journal seq it stems from (what `Last-Event-ID` resumes). */
export interface ServerEvent {
  readonly id: number;
  /** `journal` for every entry; `process` (the process record) after a state change of one; `request` (the request record) after a request was made, decided, expired or cancelled. */
  readonly event: 'journal' | 'process' | 'request';
  readonly data: Json;
}

/** Which entries a subscriber wants. */
export interface EventFilter {
  /** Only entries about this process. */
  readonly pid?: Pid;
  /** Only these types; `approval.*` matches a type prefix. Empty: all. */
  readonly types: readonly string[];
}

/** Journal entry types that change a process's state (each followed by a `process` event). */
const PROCESS_STATE_TYPES = new Set([
  'process.spawned',
  'process.forked',
  'process.scheduled',
  'process.yielded',
  'process.blocked',
  'process.woken',
  'process.paused',
  'process.resumed',
  'process.exited',
  'process.failed',
  'process.killed',
  'process.execed',
  'process.image-changed',
  'process.model-set',
]);

const PAGE = 500;

/** Whether `entry` passes `filter`. */
export function matchesFilter(entry: JournalEntry, filter: EventFilter): boolean {
  if (filter.pid !== undefined && entry.pid !== filter.pid) return false;
  if (filter.types.length === 0) return true;
  return filter.types.some((type) =>
    type.endsWith('.*') ? entry.type.startsWith(type.slice(0, -1)) : entry.type === type,
  );
}

/**
 * Yields the events after `afterSeq` that pass `filter`, in seq order, then waits for new
 * commits and goes on until `signal` fires. Nothing is skipped: a subscriber that reconnects with
 * the last id it saw gets exactly the entries after it. A `process`/`request` event carries the
 * record as it is when sent (later state, if it moved on meanwhile).
 */
export async function* followEvents(
  runtime: Runtime,
  follower: JournalFollower,
  options: { afterSeq: number; filter: EventFilter; signal: AbortSignal },
): AsyncGenerator<ServerEvent> {
  const { filter, signal } = options;
  let cursor = options.afterSeq;
  while (!signal.aborted) {
    const page = await runtime.journal({
      afterSeq: cursor,
      limit: PAGE,
      ...(filter.pid === undefined ? {} : { pid: filter.pid }),
    });
    for (const entry of page) {
      cursor = entry.seq;
      if (!matchesFilter(entry, filter)) continue;
      yield { id: entry.seq, event: 'journal', data: entry as unknown as Json };
      const record = await recordOf(runtime, entry);
      if (record !== null) yield { id: entry.seq, ...record };
    }
    if (page.length < PAGE) await follower.waitPast(cursor, signal);
  }
}

async function recordOf(
  runtime: Runtime,
  entry: JournalEntry,
): Promise<Pick<ServerEvent, 'event' | 'data'> | null> {
  if (PROCESS_STATE_TYPES.has(entry.type) && entry.pid !== null) {
    const process = await runtime.get(entry.pid).catch(() => null);
    return process === null ? null : { event: 'process', data: process as unknown as Json };
  }
  if (entry.type.startsWith('approval.')) {
    const id = entry.data.request;
    if (typeof id !== 'string') return null;
    const request = await runtime.request(id).catch(() => null);
    return request === null
      ? null
      : { event: 'request', data: listedRequest(request) as unknown as Json };
  }
  return null;
}
