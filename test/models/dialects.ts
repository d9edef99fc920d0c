// The three wire dialects (OpenAI Responses, OpenAI Chat, Anthropic Messages) for shared suites.
import type { Clock } from '../../src/base/clock.js';
import { createAnthropicProvider } from '../../src/models/anthropic/create-anthropic-provider.js';
import { createOpenAIProvider } from '../../src/models/openai/create-openai-provider.js';
import type { ModelProvider } from '../../src/ports/model-provider.js';
import {
  chatBody,
  chatEvents,
  messagesBody,
  messagesEvents,
  responsesBody,
  responsesEvents,
  type SseEvent,
  type WireAnswer,
} from './answer-wire.js';
import { DUMMY_ANTHROPIC_KEY, DUMMY_OPENAI_KEY } from './fixtures.js';

/** Options every dialect's provider factory accepts in tests. */
export interface DialectProviderOptions {
  readonly timeoutMs?: number;
  readonly clock?: Clock;
}

/** How one API looks on the wire, for tests that run against every adapter. */
export interface Dialect {
  readonly name: string;
  /** The path the SDK posts to. */
  readonly path: string;
  readonly key: string;
  create(serverUrl: string, options?: DialectProviderOptions): ModelProvider;
  /** A 200 body with one `read_file` call and the given usage. */
  toolCallBody(): unknown;
  /** The provider's JSON error body. */
  errorBody(options: { type: string; message: string; code?: string }): unknown;
  /** The provider's own 400 for a prompt longer than the context window. */
  contextOverflowBody(): unknown;
  /** `answer` as the unstreamed 200 body. */
  answerBody(answer: WireAnswer): unknown;
  /** `answer` as the events of a streamed call. */
  answerEvents(answer: WireAnswer): SseEvent[];
  /** The event a server sends when the call fails after the stream began. */
  errorEvent(options: { type: string; message: string; code?: string }): SseEvent;
}

const openaiError = (options: { type: string; message: string; code?: string }): unknown => ({
  error: { message: options.message, type: options.type, param: null, code: options.code ?? null },
});

const openaiOverflow = (): unknown =>
  openaiError({
    type: 'invalid_request_error',
    code: 'context_length_exceeded',
    message:
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens.",
  });

export const RESPONSES: Dialect = {
  name: 'OpenAI Responses',
  path: '/v1/responses',
  key: DUMMY_OPENAI_KEY,
  create: (serverUrl, options = {}) =>
    createOpenAIProvider({
      model: 'gpt-test',
      api: 'responses',
      env: { OPENAI_API_KEY: DUMMY_OPENAI_KEY },
      baseURL: `${serverUrl}/v1`,
      ...options,
    }),
  toolCallBody: () => ({
    id: 'resp_1',
    object: 'response',
    created_at: 1_700_000_000,
    status: 'completed',
    model: 'gpt-test-2025-01-01',
    output: [
      {
        type: 'function_call',
        id: 'fc_1',
        call_id: 'call_abc',
        name: 'read_file',
        arguments: '{"path":"README.md"}',
        status: 'completed',
      },
    ],
    usage: {
      input_tokens: 120,
      output_tokens: 30,
      total_tokens: 150,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    },
  }),
  errorBody: openaiError,
  contextOverflowBody: openaiOverflow,
  answerBody: responsesBody,
  answerEvents: responsesEvents,
  errorEvent: (options) => ({
    event: 'error',
    data: {
      type: 'error',
      code: options.code ?? options.type,
      message: options.message,
      param: null,
      sequence_number: 3,
    },
  }),
};

export const CHAT: Dialect = {
  name: 'OpenAI Chat Completions',
  path: '/v1/chat/completions',
  key: DUMMY_OPENAI_KEY,
  create: (serverUrl, options = {}) =>
    createOpenAIProvider({
      model: 'llama-test',
      api: 'chat',
      env: { OPENAI_API_KEY: DUMMY_OPENAI_KEY },
      baseURL: `${serverUrl}/v1`,
      ...options,
    }),
  toolCallBody: () => ({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'llama-test',
    choices: [
      {
        index: 0,
        finish_reason: 'tool_calls',
        logprobs: null,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_abc',
              type: 'function',
              function: { name: 'read_file', arguments: '{"path":"README.md"}' },
            },
          ],
        },
      },
    ],
    usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
  }),
  errorBody: openaiError,
  contextOverflowBody: openaiOverflow,
  answerBody: chatBody,
  answerEvents: chatEvents,
  errorEvent: (options) => ({ data: openaiError(options) }),
};

export const MESSAGES: Dialect = {
  name: 'Anthropic Messages',
  path: '/v1/messages',
  key: DUMMY_ANTHROPIC_KEY,
  create: (serverUrl, options = {}) =>
    createAnthropicProvider({
      model: 'claude-test',
      env: { ANTHROPIC_API_KEY: DUMMY_ANTHROPIC_KEY },
      baseURL: serverUrl,
      ...options,
    }),
  toolCallBody: () => ({
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-test-20250101',
    content: [
      { type: 'tool_use', id: 'call_abc', name: 'read_file', input: { path: 'README.md' } },
    ],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 120, output_tokens: 30 },
  }),
  errorBody: (options) => ({
    type: 'error',
    error: { type: options.type, message: options.message },
  }),
  contextOverflowBody: () => ({
    type: 'error',
    error: {
      type: 'invalid_request_error',
      message: 'prompt is too long: 210000 tokens > 200000 maximum',
    },
  }),
  answerBody: messagesBody,
  answerEvents: messagesEvents,
  errorEvent: (options) => ({
    event: 'error',
    data: { type: 'error', error: { type: options.type, message: options.message } },
  }),
};

/** Every HTTP dialect, for `describe.each`. */
export const DIALECTS: readonly Dialect[] = [RESPONSES, CHAT, MESSAGES];
