// The runtime's in-process channel of live events (model deltas): never journaled, never stored.
import type { ErrorCode } from '../base/errors.js';
import type { Pid } from '../base/ids.js';

/** Progress of one tool call while the model writes it (pieces since the previous delta). */
export interface ToolCallDelta {
  /** The call's position among the answer's tool calls (0-based). */
  readonly index: number;
  /** The tool's name, in the first delta that mentions the call; null after it. */
  readonly name: string | null;
  /** Argument text the model wrote since the previous delta (possibly empty). */
  readonly arguments: string;
}

/**
 * Part of a model answer while it streams, coalesced (see `createDeltaStream`). Deltas are
 * progress only: the answer counts when the model call's `syscall.completed` is journaled (with
 * the turn, in one transaction), and a call that fails voids
 * what it streamed (its last delta says `failed`; the process asks again or fails as it would
 * unstreamed). They carry what the model produced and nothing else the journal would not show.
 */
export interface ModelDeltaEvent {
  readonly type: 'model.delta';
  readonly pid: Pid;
  /** The model turn the answer would become: the process's count of model turns before it. */
  readonly turn: number;
  /** 1, 2, … within one model call (a retried turn starts again at 1). */
  readonly seq: number;
  /** Text the model produced since the previous delta (possibly empty). */
  readonly text: string;
  readonly toolCalls: readonly ToolCallDelta[];
  /**
   * Set on the last delta of a call: `answered` (its turn is about to be persisted), or `failed`
   * with the error's code (nothing was persisted). Null while the answer is still forming.
   */
  readonly end:
    | null
    | { readonly outcome: 'answered' }
    | { readonly outcome: 'failed'; readonly code: ErrorCode };
}

/** What the channel carries. */
export type LiveEvent = ModelDeltaEvent;

/** Which events a subscriber wants: those of one process, or (without `pid`) all. */
export interface LiveFilter {
  readonly pid?: Pid;
}

interface Subscriber {
  readonly listener: (event: LiveEvent) => void;
  readonly pid: Pid | undefined;
}

/**
 * Live events of one runtime, in this process only: the HTTP event stream and `run`'s progress
 * display subscribe; nothing is written anywhere, so what a subscriber misses is gone. A model
 * call streams only while someone here watches its process (`wants`), unless the runtime is told
 * to always or never stream. One per runtime, never shared.
 */
export class LiveChannel {
  readonly #subscribers = new Set<Subscriber>();

  /**
   * Calls `listener` synchronously with every event passing `filter` until the returned function
   * is called. A listener must be quick and must not throw (a throw is swallowed: progress never
   * breaks a model call).
   */
  subscribe(listener: (event: LiveEvent) => void, filter: LiveFilter = {}): () => void {
    const subscriber: Subscriber = { listener, pid: filter.pid };
    this.#subscribers.add(subscriber);
    return () => {
      this.#subscribers.delete(subscriber);
    };
  }

  /** Whether any subscriber wants the events of `pid`. */
  wants(pid: Pid): boolean {
    for (const s of this.#subscribers) if (s.pid === undefined || s.pid === pid) return true;
    return false;
  }

  /** Hands `event` to every subscriber that wants it. */
  emit(event: LiveEvent): void {
    for (const s of [...this.#subscribers]) {
      if (s.pid !== undefined && s.pid !== event.pid) continue;
      try {
        s.listener(event);
      } catch {
        // A display that failed must not fail the model call it displays.
      }
    }
  }
}
