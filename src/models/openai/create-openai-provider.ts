// The OpenAI ModelProvider: Responses or Chat Completions through the official `openai` SDK.
import { OpenAI } from 'openai';
import { createSystemClock, type Clock } from '../../base/clock.js';
import { LibosError } from '../../base/errors.js';
import type { ModelProvider } from '../../ports/model-provider.js';
import { completeWithChat } from './complete-with-chat.js';
import { completeWithResponses } from './complete-with-responses.js';
import type { OpenAICallContext } from './openai-call-context.js';

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const DEFAULT_TIMEOUT_MS = 600_000;
// Local servers (Ollama, llama.cpp) ignore the key but the SDK insists on one.
const PLACEHOLDER_KEY = 'no-key';

/** Options of {@link createOpenAIProvider}. */
export interface OpenAIProviderOptions {
  /** The model name, e.g. `gpt-4.1-mini` or, on Ollama, `llama3.1`. */
  readonly model: string;
  /** `responses` (default; OpenAI's own API) or `chat` (Chat Completions; compatible servers). */
  readonly api?: 'responses' | 'chat';
  /** The environment the key is read from (`OPENAI_API_KEY`); the key is never an argument. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** An OpenAI-compatible server, e.g. `http://127.0.0.1:11434/v1`; a key is then optional. */
  readonly baseURL?: string;
  /** Longest one call may take, body included (default 10 minutes). */
  readonly timeoutMs?: number;
  /** Wall time, for `retry-after` given as a date. */
  readonly clock?: Clock;
  /**
   * Chat Completions field for the output limit: OpenAI's own API wants `max_completion_tokens`
   * (the default without `baseURL`); compatible servers know `max_tokens` (the default with one).
   */
  readonly maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

/**
 * A ModelProvider for OpenAI, with id `openai:<model>` (Responses) or `openai-chat:<model>`
 * (Chat Completions). The SDK's own retries are off (`maxRetries: 0`): the runtime retries with
 * durable timers. A request with `onDelta` streams (see `completeWithResponses`, `completeWithChat`);
 * its answer is the one the same call gives unstreamed.
 * @throws INVALID_INPUT for an empty model or a missing `OPENAI_API_KEY` without `baseURL`.
 * @example
 * const model = createOpenAIProvider({ model: 'gpt-4.1-mini', env: process.env });
 * const answer = await model.complete(request);
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): ModelProvider {
  const api = options.api ?? 'responses';
  const providerId = `${api === 'chat' ? 'openai-chat' : 'openai'}:${options.model}`;
  const attempted = `Creating model provider ${providerId}`;
  if (options.model.trim() === '') {
    throw new LibosError('INVALID_INPUT', `${attempted} failed: the model name is empty`);
  }
  const envKey = options.env.OPENAI_API_KEY;
  const hasKey = envKey !== undefined && envKey !== '';
  if (!hasKey && options.baseURL === undefined) {
    throw new LibosError('INVALID_INPUT', `${attempted} failed: OPENAI_API_KEY is not set`, {
      details: { variable: 'OPENAI_API_KEY' },
    });
  }
  const apiKey = hasKey ? envKey : PLACEHOLDER_KEY;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Settings are passed explicitly so the SDK takes no key or endpoint from process.env.
  const client = new OpenAI({
    apiKey,
    adminAPIKey: null,
    baseURL: options.baseURL ?? DEFAULT_BASE_URL,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: 'off',
  });
  const context: OpenAICallContext = {
    client,
    providerId,
    model: options.model,
    timeoutMs,
    secrets: hasKey ? [apiKey] : [],
    clock: options.clock ?? createSystemClock(),
    maxTokensField:
      options.maxTokensField ??
      (options.baseURL === undefined ? 'max_completion_tokens' : 'max_tokens'),
  };
  return {
    id: providerId,
    complete: (request) =>
      api === 'chat' ? completeWithChat(request, context) : completeWithResponses(request, context),
  };
}
