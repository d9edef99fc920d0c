// Parses an OpenAI Chat Completions body (or an OpenAI-compatible server's) into a ModelResponse.
import { z } from 'zod';
import type { ModelResponse, ToolCall } from '../../ports/model-provider.js';
import { badResponse } from '../shared/bad-response.js';
import { parseResponseBody } from '../shared/parse-response-body.js';
import { parseToolArguments } from '../shared/parse-tool-arguments.js';

const bodySchema = z.object({
  model: z.string().optional(),
  choices: z.array(
    z.object({
      finish_reason: z.string().nullish(),
      message: z.object({
        content: z.string().nullish(),
        refusal: z.string().nullish(),
        tool_calls: z
          .array(
            z.object({
              id: z.string(),
              // Some compatible servers send the arguments as an object instead of JSON text.
              function: z.object({ name: z.string(), arguments: z.unknown() }),
            }),
          )
          .nullish(),
      }),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }),
});

/**
 * The ModelResponse for a Chat Completions body: the first choice's `content` (or `refusal`) is
 * the text and its `tool_calls` the ToolCalls. The stop reason follows the calls rather than
 * `finish_reason`, because some compatible servers report `stop` next to tool calls.
 * @throws MODEL_BAD_RESPONSE for missing fields or no choices.
 */
export function fromChatCompletion(
  raw: unknown,
  options: { readonly providerId: string; readonly model: string },
): ModelResponse {
  const { providerId } = options;
  const body = parseResponseBody(bodySchema, raw, { providerId });
  const choice = body.choices[0];
  if (choice === undefined) return badResponse(providerId, 'choices is empty');
  const { message } = choice;
  const toolCalls: ToolCall[] = (message.tool_calls ?? []).map((call) => ({
    id: call.id,
    name: call.function.name,
    arguments: parseToolArguments(call.function.arguments),
  }));
  const text = message.content ?? message.refusal ?? null;
  return {
    text: text === '' ? null : text,
    toolCalls,
    usage: { inputTokens: body.usage.prompt_tokens, outputTokens: body.usage.completion_tokens },
    stopReason:
      choice.finish_reason === 'length'
        ? 'max_tokens'
        : toolCalls.length > 0
          ? 'tool_calls'
          : 'end',
    model: body.model ?? options.model,
  };
}
