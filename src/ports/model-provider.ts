// The ModelProvider port: one model call with tools, provider-neutral; adapters live in src/models.
import type { Json } from '../base/canonical-json.js';

/** A tool the model may call, with the JSON Schema of its arguments. */
export interface ToolSchema {
  readonly name: string;
  readonly description: string;
  /** JSON Schema (draft 2020-12 subset: object with properties). */
  readonly parameters: { readonly [key: string]: Json };
}

/** One tool call the model made. */
export interface ToolCall {
  /** The provider's call id (kept so results can be matched to calls). */
  readonly id: string;
  readonly name: string;
  /** Parsed arguments; a model sending malformed JSON yields `{ __malformed: "<raw text>" }`. */
  readonly arguments: { readonly [key: string]: Json };
}

/** The provider-neutral transcript. */
export type ModelMessage =
  | { readonly role: 'user'; readonly content: string }
  | {
      readonly role: 'assistant';
      readonly content: string | null;
      readonly toolCalls: readonly ToolCall[];
    }
  | {
      readonly role: 'tool';
      readonly toolCallId: string;
      readonly name: string;
      /** The result as text (JSON for structured results). */
      readonly content: string;
      readonly isError: boolean;
    };

/** Who is asking, for providers (like the scripted one) that answer per process. */
export interface ModelCaller {
  readonly pid: string;
  readonly goal: string;
  readonly name: string | null;
}

/**
 * A piece of an answer while it streams: text the model produced since the previous delta, or a
 * piece of a tool call it is writing (`index` is the call's position in the answer, 0-based;
 * `name` is given with the call's first delta, null after it; `arguments` is the next piece of
 * its argument text, possibly empty). Concatenated, the deltas are the answer's text and
 * argument texts; the answer itself is still only what `complete` returns.
 */
export type ModelDelta =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'tool-call';
      readonly index: number;
      readonly name: string | null;
      readonly arguments: string;
    };

/** One model call. */
export interface ModelRequest {
  readonly system: string;
  readonly messages: readonly ModelMessage[];
  readonly tools: readonly ToolSchema[];
  /** Most output tokens to generate. */
  readonly maxOutputTokens: number;
  readonly caller: ModelCaller;
  /**
   * How many model turns this process has had before this one, durably counted (compacted turns
   * included). Providers that answer by position (the scripted one) use it.
   */
  readonly turn?: number;
  readonly signal: AbortSignal;
  /**
   * Given when someone watches the answer form: the provider then streams (if it can) and calls
   * this with each piece as it arrives. `complete` still resolves only with the whole answer,
   * exactly the ModelResponse it gives without streaming, and fails with the same error codes; a
   * stream cut or garbled half-way fails the call (what was streamed is void). Must not throw.
   */
  readonly onDelta?: (delta: ModelDelta) => void;
}

/** Token counts the provider reported. */
export interface ModelUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** The model's answer. */
export interface ModelResponse {
  readonly text: string | null;
  readonly toolCalls: readonly ToolCall[];
  readonly usage: ModelUsage;
  readonly stopReason: 'tool_calls' | 'end' | 'max_tokens';
  /** The model that answered, as the provider names it. */
  readonly model: string;
}

/**
 * A model provider. `complete` throws LibosError with MODEL_RATE_LIMITED / MODEL_UNAVAILABLE
 * (retryable; `details.retryAfterMs` when the server said), MODEL_REJECTED, MODEL_BAD_RESPONSE,
 * CONTEXT_OVERFLOW, CANCELLED or DEADLINE_EXCEEDED — never a raw SDK error.
 */
export interface ModelProvider {
  /** `provider:model`, e.g. `openai:gpt-4.1-mini`, `anthropic:claude-sonnet-4-5`, `scripted:demo.yaml`. */
  readonly id: string;
  complete(request: ModelRequest): Promise<ModelResponse>;
}
