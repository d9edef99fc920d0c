// Classifies what the official `@anthropic-ai/sdk` threw into a provider-neutral failure.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import type { ProviderFailure } from '../shared/provider-failure.js';
import { streamErrorStatus } from '../shared/stream-error-status.js';

/**
 * The failure behind an Anthropic SDK error. An API error without a status is an `error` event
 * the server sent inside a stream (`overloaded_error` mid-answer): it gets the status its type
 * stands for. Anything that is not an SDK API error (a JSON syntax error while reading the body
 * or a stream event, a body of the wrong type) means the response was malformed.
 */
export function classifyAnthropicError(error: unknown): ProviderFailure {
  if (error instanceof APIUserAbortError) return { kind: 'aborted' };
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (error instanceof APIConnectionError) return { kind: 'connection' };
  if (error instanceof APIError) {
    const headers: unknown = error.headers;
    const status: unknown = error.status;
    return {
      kind: 'http',
      status:
        typeof status === 'number'
          ? status
          : streamErrorStatus({ code: error.errorCode, type: error.type }),
      headers: headers instanceof Headers ? headers : undefined,
      code: error.errorCode,
      type: error.type,
      message: error.apiMessage,
    };
  }
  if (error instanceof DOMException && error.name === 'AbortError') return { kind: 'aborted' };
  return { kind: 'malformed' };
}
