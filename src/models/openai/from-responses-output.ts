// Parses an OpenAI Responses API body into the neutral ModelResponse.
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import type { ModelResponse, ToolCall } from '../../ports/model-provider.js';
import { parseResponseBody } from '../shared/parse-response-body.js';
import { parseToolArguments } from '../shared/parse-tool-arguments.js';

const bodySchema = z.object({
  model: z.string().optional(),
  status: z.string().optional(),
  incomplete_details: z.object({ reason: z.string().optional() }).nullish(),
  error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
  output: z.array(z.looseObject({ type: z.string() })),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number() }),
});

const messageSchema = z.object({
  content: z.array(
    z.looseObject({
      type: z.string(),
      text: z.string().optional(),
      refusal: z.string().optional(),
    }),
  ),
});

const functionCallSchema = z.object({
  call_id: z.string(),
  name: z.string(),
  arguments: z.unknown(),
});

/**
 * The ModelResponse for a Responses API body: `output_text` parts of `message` items become the
 * text (a refusal counts as text), each `function_call` item a ToolCall keyed by `call_id`;
 * other item types (reasoning) are skipped.
 * @throws MODEL_BAD_RESPONSE for missing fields; MODEL_UNAVAILABLE, MODEL_RATE_LIMITED or
 *   MODEL_REJECTED for a response whose `status` is `failed`.
 */
export function fromResponsesOutput(
  raw: unknown,
  options: { readonly providerId: string; readonly model: string },
): ModelResponse {
  const { providerId } = options;
  const body = parseResponseBody(bodySchema, raw, { providerId });
  if (body.status === 'failed') throw failedError(body.error?.code ?? null, providerId);
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  body.output.forEach((item, index) => {
    if (item.type === 'message') {
      const path = ['output', index];
      const message = parseResponseBody(messageSchema, item, { providerId, path });
      for (const part of message.content) {
        if (part.type === 'output_text' && part.text !== undefined) texts.push(part.text);
        if (part.type === 'refusal' && part.refusal !== undefined) texts.push(part.refusal);
      }
    } else if (item.type === 'function_call') {
      const call = parseResponseBody(functionCallSchema, item, {
        providerId,
        path: ['output', index],
      });
      toolCalls.push({
        id: call.call_id,
        name: call.name,
        arguments: parseToolArguments(call.arguments),
      });
    }
  });
  const truncated =
    body.status === 'incomplete' && body.incomplete_details?.reason === 'max_output_tokens';
  const text = texts.join('');
  return {
    text: text === '' ? null : text,
    toolCalls,
    usage: { inputTokens: body.usage.input_tokens, outputTokens: body.usage.output_tokens },
    stopReason: truncated ? 'max_tokens' : toolCalls.length > 0 ? 'tool_calls' : 'end',
    model: body.model ?? options.model,
  };
}

function failedError(code: string | null, providerId: string): LibosError {
  const attempted = `Calling model ${providerId}`;
  if (code === 'rate_limit_exceeded') {
    return new LibosError('MODEL_RATE_LIMITED', `${attempted} failed: rate limited`);
  }
  if (code === null || code === 'server_error') {
    return new LibosError('MODEL_UNAVAILABLE', `${attempted} failed: the response failed`, {
      details: { reason: 'server_error' },
    });
  }
  // The code is the server's text: only a plain identifier goes into the message.
  const shown = /^[a-z0-9_]{1,64}$/.test(code) ? code : 'the response failed';
  return new LibosError('MODEL_REJECTED', `${attempted} was rejected: ${shown}`);
}
