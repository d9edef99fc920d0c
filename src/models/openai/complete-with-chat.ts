// One model call through OpenAI Chat Completions (`POST /chat/completions`), non-streaming.
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions/completions';
import type { ModelRequest, ModelResponse } from '../../ports/model-provider.js';
import { callModelApi } from '../shared/call-model-api.js';
import { classifyOpenAIError } from './classify-openai-error.js';
import { fromChatCompletion } from './from-chat-completion.js';
import type { OpenAICallContext } from './openai-call-context.js';
import { toChatMessages } from './to-chat-messages.js';

/**
 * Sends `request` to `chat.completions.create` with function `tools` and parses the first
 * choice. Works with any server that speaks Chat Completions (Ollama, vLLM, llama.cpp).
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
  const raw: unknown = await callModelApi(
    (signal) =>
      context.client.chat.completions.create(body, { signal, timeout: context.timeoutMs }),
    { ...context, signal: request.signal, classify: classifyOpenAIError },
  );
  return fromChatCompletion(raw, context);
}
