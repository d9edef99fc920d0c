// Maps the neutral transcript to Anthropic Messages API `messages` with tool_use / tool_result.
import type {
  ContentBlockParam,
  MessageParam,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { ModelMessage } from '../../ports/model-provider.js';

/**
 * The Messages `messages` for a transcript: an assistant turn is a `text` block (when it said
 * something) and one `tool_use` block per call; consecutive tool results are batched, as
 * `tool_result` blocks with `is_error`, into one `user` message, and a user turn right after them
 * joins that message as a `text` block so roles keep alternating. An assistant turn with neither
 * text nor calls is dropped (the API rejects empty content).
 */
export function toAnthropicMessages(messages: readonly ModelMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  // The open user message that tool results (and a following user turn) are appended to.
  let pendingUser: ContentBlockParam[] | null = null;
  for (const message of messages) {
    switch (message.role) {
      case 'tool': {
        if (pendingUser === null) {
          pendingUser = [];
          out.push({ role: 'user', content: pendingUser });
        }
        pendingUser.push({
          type: 'tool_result',
          tool_use_id: message.toolCallId,
          content: message.content,
          is_error: message.isError,
        });
        break;
      }
      case 'user':
        if (pendingUser === null) out.push({ role: 'user', content: message.content });
        else pendingUser.push({ type: 'text', text: message.content });
        pendingUser = null;
        break;
      case 'assistant': {
        pendingUser = null;
        const content: ContentBlockParam[] = [];
        if (message.content !== null && message.content !== '') {
          content.push({ type: 'text', text: message.content });
        }
        for (const call of message.toolCalls) {
          content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
        }
        if (content.length > 0) out.push({ role: 'assistant', content });
        break;
      }
    }
  }
  return out;
}
