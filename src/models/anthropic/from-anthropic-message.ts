// Parses an Anthropic Messages API body into the neutral ModelResponse.
import { z } from 'zod';
import type { ModelResponse, ToolCall } from '../../ports/model-provider.js';
import { parseResponseBody } from '../shared/parse-response-body.js';
import { parseToolArguments } from '../shared/parse-tool-arguments.js';

const bodySchema = z.object({
  model: z.string().optional(),
  stop_reason: z.string().nullish(),
  content: z.array(
    z.looseObject({
      type: z.string(),
      text: z.string().optional(),
      id: z.string().optional(),
      name: z.string().optional(),
      input: z.unknown().optional(),
    }),
  ),
  usage: z.object({
    input_tokens: z.number(),
    output_tokens: z.number(),
    cache_creation_input_tokens: z.number().nullish(),
    cache_read_input_tokens: z.number().nullish(),
  }),
});

const toolUseSchema = z.object({ id: z.string(), name: z.string(), input: z.unknown() });

/**
 * The ModelResponse for a Messages body: `text` blocks become the text, `tool_use` blocks the
 * ToolCalls. Input tokens include cache writes and reads, since all of them filled the context.
 * `stop_reason` `max_tokens` (or `model_context_window_exceeded`) maps to `max_tokens`, any
 * other reason to `tool_calls` when there are calls and to `end` otherwise.
 * @throws MODEL_BAD_RESPONSE for missing fields.
 */
export function fromAnthropicMessage(
  raw: unknown,
  options: { readonly providerId: string; readonly model: string },
): ModelResponse {
  const { providerId } = options;
  const body = parseResponseBody(bodySchema, raw, { providerId });
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  body.content.forEach((block, index) => {
    if (block.type === 'text' && block.text !== undefined) texts.push(block.text);
    if (block.type === 'tool_use') {
      const use = parseResponseBody(toolUseSchema, block, { providerId, path: ['content', index] });
      toolCalls.push({ id: use.id, name: use.name, arguments: parseToolArguments(use.input) });
    }
  });
  const { usage } = body;
  const text = texts.join('');
  const truncated =
    body.stop_reason === 'max_tokens' || body.stop_reason === 'model_context_window_exceeded';
  return {
    text: text === '' ? null : text,
    toolCalls,
    usage: {
      inputTokens:
        usage.input_tokens +
        (usage.cache_creation_input_tokens ?? 0) +
        (usage.cache_read_input_tokens ?? 0),
      outputTokens: usage.output_tokens,
    },
    stopReason: truncated ? 'max_tokens' : toolCalls.length > 0 ? 'tool_calls' : 'end',
    model: body.model ?? options.model,
  };
}
