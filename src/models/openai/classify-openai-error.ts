// Classifies what the official `openai` SDK threw into a provider-neutral failure.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { errorMessageOf } from '../shared/error-message-of.js';
import type { ProviderFailure } from '../shared/provider-failure.js';

/**
 * The failure behind an `openai` SDK error. Anything that is not an SDK API error (a JSON syntax
 * error while reading the body, a body of the wrong type) means the response was malformed.
 */
export function classifyOpenAIError(error: unknown): ProviderFailure {
  if (error instanceof APIUserAbortError) return { kind: 'aborted' };
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (error instanceof APIConnectionError) return { kind: 'connection' };
  if (error instanceof APIError && typeof error.status === 'number') {
    const headers: unknown = error.headers;
    return {
      kind: 'http',
      status: error.status,
      headers: headers instanceof Headers ? headers : undefined,
      code: typeof error.code === 'string' ? error.code : null,
      type: typeof error.type === 'string' ? error.type : null,
      message: errorMessageOf(error.error),
    };
  }
  if (error instanceof DOMException && error.name === 'AbortError') return { kind: 'aborted' };
  return { kind: 'malformed' };
}
