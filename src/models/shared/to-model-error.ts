// Maps a classified provider failure to the model error codes of the ModelProvider port.
import { abortError } from '../../base/abort.js';
import { LibosError, type ErrorDetails } from '../../base/errors.js';
import { isContextOverflow } from './is-context-overflow.js';
import { parseRetryAfter } from './parse-retry-after.js';
import type { ProviderFailure } from './provider-failure.js';
import { sanitiseReason } from './sanitise-reason.js';

/** What the mapping needs to know about the call that failed. */
export interface ModelErrorContext {
  /** The provider id (`openai:gpt-4.1-mini`), named in messages. */
  readonly providerId: string;
  /** The caller's signal: when it fired the result is CANCELLED or DEADLINE_EXCEEDED. */
  readonly callerSignal: AbortSignal;
  /** The adapter's own per-call timeout: when it fired the result is MODEL_UNAVAILABLE. */
  readonly timeoutSignal: AbortSignal;
  /** Values (the API key) that must never appear in a message. */
  readonly secrets: readonly string[];
  /** Wall time in milliseconds, for `retry-after` given as an HTTP date. */
  readonly now: number;
}

/**
 * The LibosError for a failed model call: caller abort → CANCELLED (DEADLINE_EXCEEDED for a
 * timeout signal); our timeout → MODEL_UNAVAILABLE `reason: 'timeout'`; no connection, a
 * response cut half-way (`reason: 'interrupted'`), 408, 409 and 5xx → MODEL_UNAVAILABLE; 429 → MODEL_RATE_LIMITED with `retryAfterMs`; context too long →
 * CONTEXT_OVERFLOW; other 4xx → MODEL_REJECTED; an unparseable body → MODEL_BAD_RESPONSE.
 */
export function toModelError(failure: ProviderFailure, context: ModelErrorContext): LibosError {
  const attempted = `Calling model ${context.providerId}`;
  if (context.callerSignal.aborted) return abortError(context.callerSignal, attempted);
  if (context.timeoutSignal.aborted || failure.kind === 'timeout') {
    return unavailable(attempted, 'the server did not answer in time', { reason: 'timeout' });
  }
  switch (failure.kind) {
    case 'aborted':
      return new LibosError('CANCELLED', `${attempted} was cancelled`);
    case 'connection':
      return unavailable(attempted, 'could not connect to the server', { reason: 'connection' });
    case 'interrupted':
      return unavailable(attempted, 'the response stopped before it was complete', {
        reason: 'interrupted',
      });
    case 'malformed':
      return new LibosError(
        'MODEL_BAD_RESPONSE',
        `${attempted} failed: the response body could not be parsed`,
      );
    case 'http':
      return fromStatus(failure, { attempted, context });
  }
}

function fromStatus(
  failure: Extract<ProviderFailure, { kind: 'http' }>,
  options: { attempted: string; context: ModelErrorContext },
): LibosError {
  const { attempted, context } = options;
  const { status } = failure;
  const retryAfterMs = parseRetryAfter(failure.headers, { now: context.now });
  const wait: ErrorDetails = retryAfterMs === null ? {} : { retryAfterMs };
  const reason = sanitiseReason(failure.message, { secrets: context.secrets });
  const because = reason === null ? '' : `: ${reason}`;
  if (status === 429 && failure.code === 'insufficient_quota') {
    return rejected(attempted, 'the account has no quota left (HTTP 429)', { status });
  }
  if (status === 429) {
    return new LibosError('MODEL_RATE_LIMITED', `${attempted} failed: rate limited (HTTP 429)`, {
      details: { status, ...wait },
    });
  }
  if (status === 408) {
    return unavailable(attempted, 'the server timed out (HTTP 408)', {
      status,
      reason: 'timeout',
      ...wait,
    });
  }
  if (status === 409 || status >= 500) {
    const overloaded = status === 529 || failure.type === 'overloaded_error';
    return unavailable(
      attempted,
      overloaded ? `the server is overloaded (HTTP ${status})` : `server error (HTTP ${status})`,
      { status, reason: overloaded ? 'overloaded' : 'server_error', ...wait },
    );
  }
  if (isContextOverflow(failure)) {
    return new LibosError(
      'CONTEXT_OVERFLOW',
      `${attempted} failed: the conversation does not fit the model's context window${because}`,
      { details: { status } },
    );
  }
  if (status === 401) return rejected(attempted, 'authentication failed (HTTP 401)', { status });
  if (status === 403) return rejected(attempted, 'permission denied (HTTP 403)', { status });
  if (status >= 400) return rejected(attempted, `HTTP ${status}${because}`, { status });
  return new LibosError(
    'MODEL_BAD_RESPONSE',
    `${attempted} failed: unexpected HTTP status ${status}`,
    { details: { status } },
  );
}

function unavailable(attempted: string, what: string, details: ErrorDetails): LibosError {
  return new LibosError('MODEL_UNAVAILABLE', `${attempted} failed: ${what}`, { details });
}

function rejected(attempted: string, what: string, details: ErrorDetails): LibosError {
  return new LibosError('MODEL_REJECTED', `${attempted} was rejected: ${what}`, { details });
}
