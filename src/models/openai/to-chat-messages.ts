// Maps the system prompt and neutral transcript to OpenAI Chat Completions messages.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions/completions';
import type { ModelMessage } from '../../ports/model-provider.js';
import { formatToolArguments } from '../shared/format-tool-arguments.js';

/**
 * The Chat Completions `messages`: a `system` message (when there is a prompt), then `user`
 * messages, `assistant` messages with `tool_calls` (`type: 'function'`, arguments as JSON text),
 * and one `role: 'tool'` message per result with its `tool_call_id`.
 */
export function toChatMessages(
  system: string,
  messages: readonly ModelMessage[],
): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  if (system !== '') out.push({ role: 'system', content: system });
  for (const message of messages) {
    switch (message.role) {
      case 'user':
        out.push({ role: 'user', content: message.content });
        break;
      case 'assistant':
        // Servers reject an empty `tool_calls` array, so it is left out for plain answers.
        out.push(
          message.toolCalls.length === 0
            ? { role: 'assistant', content: message.content ?? '' }
            : {
                role: 'assistant',
                content: message.content,
                tool_calls: message.toolCalls.map((call) => ({
                  id: call.id,
                  type: 'function' as const,
                  function: { name: call.name, arguments: formatToolArguments(call.arguments) },
                })),
              },
        );
        break;
      case 'tool':
        // Chat Completions has no error flag on tool messages; the content itself says it failed.
        out.push({ role: 'tool', tool_call_id: message.toolCallId, content: message.content });
        break;
    }
  }
  return out;
}
