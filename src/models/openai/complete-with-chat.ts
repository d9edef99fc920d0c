// One model call through OpenAI Chat Completions (`POST /chat/completions`), streamed or not.
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions/completions';
import type { ModelRequest, ModelResponse } from '../../ports/model-provider.js';
import { callModelApi } from '../shared/call-model-api.js';
import { StreamEndedEarly } from '../shared/response-interrupted.js';
import { createChatStreamAssembler } from './assemble-chat-stream.js';
import { classifyOpenAIError } from './classify-openai-error.js';
import { fromChatCompletion } from './from-chat-completion.js';
import type { OpenAICallContext } from './openai-call-context.js';
import { toChatMessages } from './to-chat-messages.js';

/**
 * Sends `request` to `chat.completions.create` with function `tools` and parses the first
 * choice. Works with any server that speaks Chat Completions (Ollama, vLLM, llama.cpp). With
 * `request.onDelta` the call streams (`stream_options.include_usage`, so the usage still comes),
 * the chunks are folded into the body a non-streamed call returns, and that body is parsed the
 * same way; a stream that ends before a finish reason is an interrupted response.
 * @throws the model error codes of the ModelProvider port.
 */
export async function completeWithChat(
  request: ModelRequest,
  context: OpenAICallContext,
): Promise<ModelResponse> {
  const body: ChatCompletionCreateParamsNonStreaming = {
    model: context.model,
    messages: toChatMessages(request.system, request.messages),
    [context.maxTokensField]: request.maxOutputTokens,
    ...(request.tools.length === 0
      ? {}
      : {
          tools: request.tools.map((tool) => ({
            type: 'function' as const,
            function: {
              name: tool.name,
              description: tool.description,
              parameters: tool.parameters,
            },
          })),
        }),
  };
  const { onDelta } = request;
  const options = { ...context, signal: request.signal, classify: classifyOpenAIError };
  const raw: unknown =
    onDelta === undefined
      ? await callModelApi(
          (signal) =>
            context.client.chat.completions.create(body, { signal, timeout: context.timeoutMs }),
          options,
        )
      : await callModelApi(async (signal) => {
          const stream = await context.client.chat.completions.create(
            { ...body, stream: true, stream_options: { include_usage: true } },
            { signal, timeout: context.timeoutMs },
          );
          const assembler = createChatStreamAssembler({ providerId: context.providerId, onDelta });
          // The SDK ends the iteration quietly when the signal aborts: checked right after.
          for await (const chunk of stream) assembler.push(chunk);
          signal.throwIfAborted();
          if (!assembler.hasFinished) throw new StreamEndedEarly(context.providerId);
          return assembler.body();
        }, options);
  return fromChatCompletion(raw, context);
}
