// One model call through the OpenAI Responses API (`POST /responses`), non-streaming.
import type { ResponseCreateParamsNonStreaming } from 'openai/resources/responses/responses';
import type { ModelRequest, ModelResponse } from '../../ports/model-provider.js';
import { callModelApi } from '../shared/call-model-api.js';
import { classifyOpenAIError } from './classify-openai-error.js';
import { fromResponsesOutput } from './from-responses-output.js';
import type { OpenAICallContext } from './openai-call-context.js';
import { toResponsesInput } from './to-responses-input.js';

/**
 * Sends `request` to `responses.create` with function tools and `store: false` (the transcript is
 * resent each turn, so nothing needs to be kept server-side) and parses the answer.
 * @throws the model error codes of the ModelProvider port.
 */
export async function completeWithResponses(
  request: ModelRequest,
  context: OpenAICallContext,
): Promise<ModelResponse> {
  const body: ResponseCreateParamsNonStreaming = {
    model: context.model,
    input: toResponsesInput(request.messages),
    max_output_tokens: request.maxOutputTokens,
    store: false,
    ...(request.system === '' ? {} : { instructions: request.system }),
    ...(request.tools.length === 0
      ? {}
      : {
          tools: request.tools.map((tool) => ({
            type: 'function' as const,
            name: tool.name,
            description: tool.description,
            parameters: tool.parameters,
            // Strict mode demands every property be required; our schemas make no such promise.
            strict: false,
          })),
        }),
  };
  const raw: unknown = await callModelApi(
    (signal) => context.client.responses.create(body, { signal, timeout: context.timeoutMs }),
    { ...context, signal: request.signal, classify: classifyOpenAIError },
  );
  return fromResponsesOutput(raw, context);
}
