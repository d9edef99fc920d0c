// What one OpenAI adapter call needs besides the request: the client and its fixed settings.
import type { OpenAI } from 'openai';
import type { Clock } from '../../base/clock.js';

/** Fixed settings of an OpenAI provider, shared by the Responses and Chat Completions calls. */
export interface OpenAICallContext {
  readonly client: OpenAI;
  readonly providerId: string;
  readonly model: string;
  readonly timeoutMs: number;
  /** The API key, kept only so it can be redacted from error messages. */
  readonly secrets: readonly string[];
  readonly clock: Clock;
  /** Chat Completions field that carries the output limit. */
  readonly maxTokensField: 'max_tokens' | 'max_completion_tokens';
}
