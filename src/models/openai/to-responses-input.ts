// Maps the neutral transcript to OpenAI Responses API input items.
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type { ModelMessage } from '../../ports/model-provider.js';
import { formatToolArguments } from '../shared/format-tool-arguments.js';

/**
 * The Responses `input` for a transcript: a user turn is a `user` message; an assistant turn is
 * an `assistant` message (when it said something) followed by one `function_call` item per tool
 * call; a tool result is a `function_call_output` item with the call's `call_id`. The system
 * prompt travels separately as `instructions`.
 */
export function toResponsesInput(messages: readonly ModelMessage[]): ResponseInputItem[] {
  const items: ResponseInputItem[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'user':
        items.push({ type: 'message', role: 'user', content: message.content });
        break;
      case 'assistant':
        if (message.content !== null && message.content !== '') {
          items.push({ type: 'message', role: 'assistant', content: message.content });
        }
        for (const call of message.toolCalls) {
          items.push({
            type: 'function_call',
            call_id: call.id,
            name: call.name,
            arguments: formatToolArguments(call.arguments),
          });
        }
        break;
      case 'tool':
        // The Responses API has no error flag on outputs; the content itself says it failed.
        items.push({
          type: 'function_call_output',
          call_id: message.toolCallId,
          output: message.content,
        });
        break;
    }
  }
  return items;
}
