// The one live event stream of the app: GET /api/events read with fetch, shared by every page.
import { createSseParser } from './sse-parser.js';

/** The event names of the stream. */
export type EventName = 'journal' | 'process' | 'request';

/** The state of the connection, for the status line. */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

/** Subscribe to the stream's events; the returned function unsubscribes. */
export interface EventHub {
  readonly subscribe: (
    name: EventName,
    listener: (data: unknown, seq: number) => void,
  ) => () => void;
  readonly close: () => void;
}

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 10_000;

/**
 * Opens the stream with the bearer header (EventSource cannot send one) and keeps it open:
 * after an error it reconnects with `Last-Event-ID` = the last seq whose events all arrived,
 * waiting 1 s, doubling up to 10 s. A 401 stops it and calls `onUnauthorized`.
 */
export function startEventHub(
  token: string,
  options: { onUnauthorized: () => void; onStatus: (status: StreamStatus) => void },
): EventHub {
  const listeners = new Map<EventName, Set<(data: unknown, seq: number) => void>>();
  const stop = new AbortController();
  // A seq's events come as `journal`, then maybe `process` or `request`: a stream cut between them
  // must resume before that seq, so only a seq followed by a later one counts as complete. Its
  // `journal` event may then come twice; listeners key entries by seq.
  let lastId: string | null = null;
  let currentId: string | null = null;

  const dispatch = (name: string, data: string, id: string | null): void => {
    if (id !== null && id !== currentId) {
      lastId = currentId;
      currentId = id;
    }
    const set = listeners.get(name as EventName);
    if (set === undefined || set.size === 0) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    for (const listener of set) listener(parsed, Number(id ?? 0));
  };

  const connect = async (): Promise<'retry' | 'stop'> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (lastId !== null) headers['last-event-id'] = lastId;
    const response = await fetch('/api/events', { headers, signal: stop.signal });
    if (response.status === 401) {
      options.onUnauthorized();
      return 'stop';
    }
    if (!response.ok || response.body === null) return 'retry';
    options.onStatus('live');
    const push = createSseParser((e) => {
      dispatch(e.event, e.data, e.id);
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return 'retry';
      push(value);
    }
  };

  const isStopped = (): boolean => stop.signal.aborted;
  const run = async (): Promise<void> => {
    let delay = FIRST_DELAY_MS;
    while (!isStopped()) {
      const started = Date.now();
      const outcome = await connect().catch(() => 'retry' as const);
      if (outcome === 'stop' || isStopped()) return;
      options.onStatus('reconnecting');
      // A connection that lived a while starts the backoff over.
      if (Date.now() - started > MAX_DELAY_MS) delay = FIRST_DELAY_MS;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  };

  options.onStatus('connecting');
  void run();
  return {
    subscribe: (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    close: () => {
      stop.abort();
    },
  };
}
