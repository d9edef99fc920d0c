// Classifies what the official `openai` SDK threw into a provider-neutral failure.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { errorMessageOf } from '../shared/error-message-of.js';
import type { ProviderFailure } from '../shared/provider-failure.js';
import { streamErrorStatus } from '../shared/stream-error-status.js';

/**
 * The failure behind an `openai` SDK error. An API error without a status is an `error` the
 * server sent inside a stream: it gets the status its code or type stands for. Anything that is
 * not an SDK API error (a JSON syntax error while reading the body or a stream event, a body of
 * the wrong type) means the response was malformed.
 */
export function classifyOpenAIError(error: unknown): ProviderFailure {
  if (error instanceof APIUserAbortError) return { kind: 'aborted' };
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (error instanceof APIConnectionError) return { kind: 'connection' };
  if (error instanceof APIError) {
    const headers: unknown = error.headers;
    const code = typeof error.code === 'string' ? error.code : null;
    const type = typeof error.type === 'string' ? error.type : null;
    return {
      kind: 'http',
      status: typeof error.status === 'number' ? error.status : streamErrorStatus({ code, type }),
      headers: headers instanceof Headers ? headers : undefined,
      code,
      type,
      message: errorMessageOf(error.error),
    };
  }
  if (error instanceof DOMException && error.name === 'AbortError') return { kind: 'aborted' };
  return { kind: 'malformed' };
}
