// Cancellation helpers: every wait takes a signal, and the reason becomes a typed error.
import { LibosError } from './errors.js';

/**
 * Throws CANCELLED (or DEADLINE_EXCEEDED for a timeout) when `signal` has fired.
 * @throws CANCELLED | DEADLINE_EXCEEDED
 */
export function throwIfAborted(signal: AbortSignal | undefined, attempted: string): void {
  if (signal?.aborted === true) throw abortError(signal, attempted);
}

/** The typed error for an aborted signal. */
export function abortError(signal: AbortSignal, attempted: string): LibosError {
  const reason: unknown = signal.reason;
  if (reason instanceof LibosError) return reason;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') {
    return new LibosError('DEADLINE_EXCEEDED', `${attempted} was stopped: deadline exceeded`);
  }
  return new LibosError('CANCELLED', `${attempted} was cancelled`);
}

/** Resolves after `ms` unless `signal` fires first, in which case it rejects with the typed error. */
export function delay(ms: number, options: { signal?: AbortSignal } = {}): Promise<void> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortError(signal, 'Waiting'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal, 'Waiting'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
