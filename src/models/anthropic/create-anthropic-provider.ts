// The Anthropic ModelProvider: the Messages API with tool use, through `@anthropic-ai/sdk`.
import { Anthropic } from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import { createSystemClock, type Clock } from '../../base/clock.js';
import { LibosError } from '../../base/errors.js';
import type { ModelProvider, ModelRequest, ModelResponse } from '../../ports/model-provider.js';
import { callModelApi } from '../shared/call-model-api.js';
import { StreamEndedEarly } from '../shared/response-interrupted.js';
import { createAnthropicStreamAssembler } from './assemble-anthropic-stream.js';
import { classifyAnthropicError } from './classify-anthropic-error.js';
import { fromAnthropicMessage } from './from-anthropic-message.js';
import { toAnthropicMessages } from './to-anthropic-messages.js';

const DEFAULT_BASE_URL = 'https://api.anthropic.com';
const DEFAULT_TIMEOUT_MS = 600_000;
// A proxy at a custom base URL may hold the key itself, but the SDK insists on one.
const PLACEHOLDER_KEY = 'no-key';

/** Options of {@link createAnthropicProvider}. */
export interface AnthropicProviderOptions {
  /** The model name, e.g. `claude-sonnet-4-5`. */
  readonly model: string;
  /** The environment the key is read from (`ANTHROPIC_API_KEY`); the key is never an argument. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A different endpoint (a proxy or gateway); a key is then optional. */
  readonly baseURL?: string;
  /** Longest one call may take, body included (default 10 minutes). */
  readonly timeoutMs?: number;
  /** Wall time, for `retry-after` given as a date. */
  readonly clock?: Clock;
}

/**
 * A ModelProvider for Anthropic's Messages API with id `anthropic:<model>`. The system prompt
 * travels top-level, tools as `tool_use` / `tool_result` blocks, `maxOutputTokens` as the
 * required `max_tokens`. The SDK's own retries are off (`maxRetries: 0`): the runtime retries
 * with durable timers. A request with `onDelta` streams: the events are folded into the Message a
 * non-streamed call returns and parsed the same way; a stream that ends before `message_stop` is
 * an interrupted response, and an `error` event mid-stream (`overloaded_error`) is classified as
 * the same error answered with its status.
 * @throws INVALID_INPUT for an empty model or a missing `ANTHROPIC_API_KEY` without `baseURL`.
 * @example
 * const model = createAnthropicProvider({ model: 'claude-sonnet-4-5', env: process.env });
 * const answer = await model.complete(request);
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): ModelProvider {
  const providerId = `anthropic:${options.model}`;
  const attempted = `Creating model provider ${providerId}`;
  if (options.model.trim() === '') {
    throw new LibosError('INVALID_INPUT', `${attempted} failed: the model name is empty`);
  }
  const envKey = options.env.ANTHROPIC_API_KEY;
  const hasKey = envKey !== undefined && envKey !== '';
  if (!hasKey && options.baseURL === undefined) {
    throw new LibosError('INVALID_INPUT', `${attempted} failed: ANTHROPIC_API_KEY is not set`, {
      details: { variable: 'ANTHROPIC_API_KEY' },
    });
  }
  const apiKey = hasKey ? envKey : PLACEHOLDER_KEY;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Key, base URL and log level are explicit so the SDK reads no credential, profile or setting
  // of its own; an explicit timeout also stops it refusing large `max_tokens` without streaming.
  const client = new Anthropic({
    apiKey,
    webhookKey: null,
    baseURL: options.baseURL ?? DEFAULT_BASE_URL,
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: 'off',
  });
  const clock = options.clock ?? createSystemClock();
  const secrets = hasKey ? [apiKey] : [];
  return {
    id: providerId,
    async complete(request: ModelRequest): Promise<ModelResponse> {
      const body: MessageCreateParamsNonStreaming = {
        model: options.model,
        max_tokens: request.maxOutputTokens,
        messages: toAnthropicMessages(request.messages),
        ...(request.system === '' ? {} : { system: request.system }),
        ...(request.tools.length === 0
          ? {}
          : {
              tools: request.tools.map((tool) => ({
                name: tool.name,
                description: tool.description,
                input_schema: { ...tool.parameters, type: 'object' as const },
              })),
            }),
      };
      const { onDelta } = request;
      const call = {
        providerId,
        signal: request.signal,
        timeoutMs,
        secrets,
        clock,
        classify: classifyAnthropicError,
      };
      const raw: unknown =
        onDelta === undefined
          ? await callModelApi(
              (signal) => client.messages.create(body, { signal, timeout: timeoutMs }),
              call,
            )
          : await callModelApi(async (signal) => {
              const stream = await client.messages.create(
                { ...body, stream: true },
                { signal, timeout: timeoutMs },
              );
              const assembler = createAnthropicStreamAssembler({ providerId, onDelta });
              // The SDK ends the iteration quietly when the signal aborts: checked right after.
              for await (const event of stream) assembler.push(event);
              signal.throwIfAborted();
              if (!assembler.hasStopped) throw new StreamEndedEarly(providerId);
              return assembler.body();
            }, call);
      return fromAnthropicMessage(raw, { providerId, model: options.model });
    },
  };
}
