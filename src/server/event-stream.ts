// The live event stream: journal entries in seq order, each followed by the record it changed.
import type { Json } from '../base/canonical-json.js';
import type { Pid } from '../base/ids.js';
import type { JournalEntry } from '../kernel/journal/entry.js';
import type { Runtime } from '../runtime/runtime.js';
import type { JournalFollower } from './journal-follower.js';
import { listedRequest } from './listed-request.js';
import { openLiveQueue, type LiveQueue } from './live-queue.js';

/**
 * One server-sent event: `id` is the journal seq it stems from (what `Last-Event-ID` resumes);
 * null for a live `model.delta`, which is not journaled and is never resent.
 */
export interface ServerEvent {
  readonly id: number | null;
  /** `journal` for every entry; `process` (the process record) after a state change of one; `request` (the request record) after a request was made, decided, expired or cancelled; `model.delta` (a live ModelDeltaEvent) while an answer streams, only when the filter names it. */
  readonly event: 'journal' | 'process' | 'request' | 'model.delta';
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
  'checkpoint.restored',
]);

const PAGE = 500;

/** Whether `entry` passes `filter`. */
export function matchesFilter(entry: JournalEntry, filter: EventFilter): boolean {
  if (filter.pid !== undefined && entry.pid !== filter.pid) return false;
  if (filter.types.length === 0) return true;
  return namesType(filter, entry.type);
}

/**
 * Whether the filter asks for live `model.delta` events: only when its types name them
 * (`model.delta`, `model.*`), never by default, since a subscriber to them makes the runtime
 * stream the model calls it watches.
 */
function wantsDeltas(filter: EventFilter): boolean {
  return namesType(filter, 'model.delta');
}

function namesType(filter: EventFilter, type: string): boolean {
  return filter.types.some((t) =>
    t.endsWith('.*') ? type.startsWith(t.slice(0, -1)) : type === t,
  );
}

/**
 * Yields the events after `afterSeq` that pass `filter`, in seq order, then waits for new
 * commits and goes on until `signal` fires. Nothing is skipped: a subscriber that reconnects with
 * the last id it saw gets exactly the entries after it. A `process`/`request` event carries the
 * record as it is when sent (later state, if it moved on meanwhile). When the filter names
 * `model.delta`, the runtime's live deltas (of `filter.pid`, or all) are yielded between pages as
 * they arrive, without an id: they are not journaled, and a reconnect does not bring them back.
 */
export async function* followEvents(
  runtime: Runtime,
  follower: JournalFollower,
  options: { afterSeq: number; filter: EventFilter; signal: AbortSignal },
): AsyncGenerator<ServerEvent> {
  const { filter, signal } = options;
  const live: LiveQueue | null = wantsDeltas(filter)
    ? openLiveQueue(runtime.live, filter.pid === undefined ? {} : { pid: filter.pid })
    : null;
  let cursor = options.afterSeq;
  try {
    while (!signal.aborted) {
      for (const delta of live?.take() ?? [])
        yield { id: null, event: 'model.delta', data: delta as unknown as Json };
      // Everything up to the head heard of before this read is in it (a commit tells its head
      // after it committed), so a short page moves the cursor there even when `pid` filtered the
      // other processes' entries out: otherwise the wait below would return at once, forever.
      const head = follower.head;
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
      if (page.length < PAGE) {
        cursor = Math.max(cursor, head);
        await follower.waitPast(
          cursor,
          live === null ? signal : AbortSignal.any([signal, live.arrived()]),
        );
      }
    }
  } finally {
    live?.close();
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
