// Turns a provider's token-by-token deltas into a bounded stream of `model.delta` events.
import type { ErrorCode } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { ModelDelta } from '../../ports/model-provider.js';
import type { LiveChannel, ToolCallDelta } from '../live-channel.js';

/** At most this many `model.delta` events per second per model call (plus the one that ends it). */
const DELTAS_PER_SECOND = 10;

/** Timers, injectable so the coalescing can be tested without waiting. */
export interface DeltaTimers {
  now(): number;
  /** Runs `run` after `ms`; returns a function that cancels it. */
  after(ms: number, run: () => void): () => void;
}

const REAL_TIMERS: DeltaTimers = {
  now: () => performance.now(),
  after: (ms, run) => {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => {
      clearTimeout(timer);
    };
  },
};

/** The deltas of one model call. */
export interface DeltaStream {
  /** The provider's `onDelta`. */
  readonly onDelta: (delta: ModelDelta) => void;
  /** Sends what is pending with the call's outcome; later deltas are dropped. */
  end(
    outcome: { readonly outcome: 'answered' } | { readonly outcome: 'failed'; code: ErrorCode },
  ): void;
}

/**
 * A delta stream for the model call of `pid` that will become model turn `turn`: deltas are
 * gathered and emitted on `channel` at most `perSecond` times a second (text concatenated, each
 * tool call's argument pieces joined), the first one no sooner than one interval after the call
 * began, and the pending rest with the outcome when the call ends. A call that streamed nothing
 * emits nothing, not even its end.
 */
export function createDeltaStream(
  channel: LiveChannel,
  options: { pid: Pid; turn: number; perSecond?: number; timers?: DeltaTimers },
): DeltaStream {
  const timers = options.timers ?? REAL_TIMERS;
  const intervalMs = 1000 / (options.perSecond ?? DELTAS_PER_SECOND);
  let lastAt = timers.now();
  let seq = 0;
  let text = '';
  let calls = new Map<number, { name: string | null; arguments: string }>();
  let cancel: (() => void) | null = null;
  let isEnded = false;
  const hasPending = (): boolean => text !== '' || calls.size > 0;
  const emit = (end: Parameters<DeltaStream['end']>[0] | null): void => {
    const toolCalls: ToolCallDelta[] = [...calls.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([index, call]) => ({ index, name: call.name, arguments: call.arguments }));
    seq += 1;
    channel.emit({
      type: 'model.delta',
      pid: options.pid,
      turn: options.turn,
      seq,
      text,
      toolCalls,
      end:
        end === null
          ? null
          : end.outcome === 'answered'
            ? { outcome: 'answered' }
            : { outcome: 'failed', code: end.code },
    });
    text = '';
    calls = new Map();
    lastAt = timers.now();
  };
  const flush = (): void => {
    cancel = null;
    if (!isEnded && hasPending()) emit(null);
  };
  return {
    onDelta(delta) {
      if (isEnded) return;
      if (delta.kind === 'text') text += delta.text;
      else {
        const call = calls.get(delta.index) ?? { name: null, arguments: '' };
        call.name ??= delta.name;
        call.arguments += delta.arguments;
        calls.set(delta.index, call);
      }
      if (cancel !== null) return;
      const waitMs = lastAt + intervalMs - timers.now();
      if (waitMs <= 0) flush();
      else cancel = timers.after(waitMs, flush);
    },
    end(outcome) {
      if (isEnded) return;
      isEnded = true;
      cancel?.();
      cancel = null;
      if (seq > 0 || hasPending()) emit(outcome);
    },
  };
}
