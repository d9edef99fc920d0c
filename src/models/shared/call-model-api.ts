// Runs one SDK call under the caller's signal and a per-call timeout, mapping every failure.
import { throwIfAborted } from '../../base/abort.js';
import type { Clock } from '../../base/clock.js';
import { LibosError } from '../../base/errors.js';
import type { ProviderFailure } from './provider-failure.js';
import { isResponseInterrupted } from './response-interrupted.js';
import { toModelError } from './to-model-error.js';

/** How to run and classify one SDK call. */
export interface CallModelApiOptions {
  readonly providerId: string;
  /** The caller's signal (from the ModelRequest). */
  readonly signal: AbortSignal;
  /** Longest the whole call, body included, may take. */
  readonly timeoutMs: number;
  /** Values (the API key) that must never appear in an error message. */
  readonly secrets: readonly string[];
  readonly clock: Clock;
  /** Turns whatever the SDK threw into a provider-neutral failure. */
  readonly classify: (error: unknown) => ProviderFailure;
}

/**
 * Calls `send` with a signal that fires on the caller's abort or after `timeoutMs`, and turns
 * anything it throws into the port's model error codes. The SDK's own timeout only covers the
 * wait for headers, so ours also bounds a body (or a stream) that stalls half-way. A response
 * that stops half-way (a cut connection, a stream that ends early) is `interrupted` whatever the
 * SDK; a LibosError `send` throws itself (a malformed stream event, naming its field) is kept
 * unless a signal fired.
 * @throws MODEL_RATE_LIMITED | MODEL_UNAVAILABLE | MODEL_REJECTED | MODEL_BAD_RESPONSE |
 *   CONTEXT_OVERFLOW | CANCELLED | DEADLINE_EXCEEDED
 */
export async function callModelApi<T>(
  send: (signal: AbortSignal) => Promise<T>,
  options: CallModelApiOptions,
): Promise<T> {
  throwIfAborted(options.signal, `Calling model ${options.providerId}`);
  const timeout = new AbortController();
  const timer = setTimeout(() => {
    timeout.abort();
  }, options.timeoutMs);
  try {
    return await send(AbortSignal.any([options.signal, timeout.signal]));
  } catch (error) {
    const aborted = options.signal.aborted || timeout.signal.aborted;
    if (error instanceof LibosError && !aborted) throw error;
    const classified = options.classify(error);
    const failure: ProviderFailure =
      classified.kind === 'malformed' && isResponseInterrupted(error)
        ? { kind: 'interrupted' }
        : classified;
    throw toModelError(failure, {
      providerId: options.providerId,
      callerSignal: options.signal,
      timeoutSignal: timeout.signal,
      secrets: options.secrets,
      now: options.clock.now(),
    });
  } finally {
    clearTimeout(timer);
  }
}
