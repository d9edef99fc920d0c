// A bounded queue of one subscriber's live events (model deltas), for a stream that reads it.
import type { Pid } from '../base/ids.js';
import type { LiveChannel, LiveEvent } from '../runtime/live-channel.js';

/** Most live events held for one slow subscriber; older ones are dropped first. */
const LIMIT = 1_000;

/** The live events of one subscription, taken in batches. */
export interface LiveQueue {
  /** Everything queued since the last take, oldest first. */
  take(): LiveEvent[];
  /** A signal that fires once something is queued (already fired when the queue is not empty). */
  arrived(): AbortSignal;
  /** Unsubscribes. */
  close(): void;
}

/**
 * Subscribes to `channel` (one process's events with `pid`) and holds what arrives until taken.
 * Live events are progress, never records: a subscriber that falls more than 1,000 behind loses
 * the oldest, never a journal entry.
 */
export function openLiveQueue(channel: LiveChannel, filter: { pid?: Pid }): LiveQueue {
  let queue: LiveEvent[] = [];
  let waking = new AbortController();
  const unsubscribe = channel.subscribe((event) => {
    queue.push(event);
    if (queue.length > LIMIT) queue.shift();
    waking.abort();
  }, filter);
  return {
    take() {
      const taken = queue;
      queue = [];
      return taken;
    },
    arrived() {
      if (waking.signal.aborted && queue.length === 0) waking = new AbortController();
      return waking.signal;
    },
    close: unsubscribe,
  };
}
