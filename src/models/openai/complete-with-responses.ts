// One model call through the OpenAI Responses API (`POST /responses`), streamed or not.
import type { ResponseCreateParamsNonStreaming } from 'openai/resources/responses/responses';
import type { ModelRequest, ModelResponse } from '../../ports/model-provider.js';
import { callModelApi } from '../shared/call-model-api.js';
import { StreamEndedEarly } from '../shared/response-interrupted.js';
import { createResponsesStreamAssembler } from './assemble-responses-stream.js';
import { classifyOpenAIError } from './classify-openai-error.js';
import { fromResponsesOutput } from './from-responses-output.js';
import type { OpenAICallContext } from './openai-call-context.js';
import { toResponsesInput } from './to-responses-input.js';

/**
 * Sends `request` to `responses.create` with function tools and `store: false` (the transcript is
 * resent each turn, so nothing needs to be kept server-side) and parses the answer. With
 * `request.onDelta` the call streams; the answer is then the response body the terminal event
 * (`response.completed`, `.incomplete`, `.failed`) carries, parsed the same way, and a stream that
 * ends without one is an interrupted response.
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
  const { onDelta } = request;
  const options = { ...context, signal: request.signal, classify: classifyOpenAIError };
  const raw: unknown =
    onDelta === undefined
      ? await callModelApi(
          (signal) => context.client.responses.create(body, { signal, timeout: context.timeoutMs }),
          options,
        )
      : await callModelApi(async (signal) => {
          const stream = await context.client.responses.create(
            { ...body, stream: true },
            { signal, timeout: context.timeoutMs },
          );
          const assembler = createResponsesStreamAssembler({
            providerId: context.providerId,
            onDelta,
          });
          // The SDK ends the iteration quietly when the signal aborts: checked right after.
          for await (const event of stream) assembler.push(event);
          signal.throwIfAborted();
          if (assembler.final === undefined) throw new StreamEndedEarly(context.providerId);
          return assembler.final;
        }, options);
  return fromResponsesOutput(raw, context);
}
