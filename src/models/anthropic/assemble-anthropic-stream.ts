// Folds the events of a streamed Anthropic Message into the body a non-streamed call would return.
import { z } from 'zod';
import type { ModelDelta } from '../../ports/model-provider.js';
import { parseResponseBody } from '../shared/parse-response-body.js';

const usageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
});
const eventSchema = z.looseObject({ type: z.string() });
const startSchema = z.object({
  message: z.looseObject({ model: z.string().optional(), usage: usageSchema }),
});
const blockStartSchema = z.object({
  index: z.number().int().min(0).max(1023),
  content_block: z.looseObject({
    type: z.string(),
    text: z.string().optional(),
    id: z.string().optional(),
    name: z.string().optional(),
    input: z.unknown().optional(),
  }),
});
const blockDeltaSchema = z.object({
  index: z.number().int().min(0).max(1023),
  delta: z.looseObject({
    type: z.string(),
    text: z.string().optional(),
    partial_json: z.string().optional(),
  }),
});
const messageDeltaSchema = z.object({
  delta: z.looseObject({ stop_reason: z.string().nullish() }),
  usage: usageSchema.nullish(),
});

type Usage = z.output<typeof usageSchema>;

interface Block {
  readonly type: string;
  text: string;
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly input: unknown;
  json: string;
}

/** The assembler of one streamed Message. */
export interface AnthropicStreamAssembler {
  /** Adds the next event (the SDK's parsed `data:`), reporting its pieces to `onDelta`. */
  push(event: unknown): void;
  /** Whether `message_stop` arrived. */
  readonly hasStopped: boolean;
  /** The Message body the events add up to. */
  body(): unknown;
}

/**
 * An assembler for `messages.create({ stream: true })`: text deltas are concatenated per block,
 * a `tool_use` block's input is its `input_json_delta` pieces joined (its start `input` when none
 * came), the usage is `message_start`'s with each field `message_delta` reports replacing it (as
 * the SDK's own MessageStream does), and the stop reason comes from `message_delta`. `error`
 * events are thrown by the SDK before they get here.
 * @throws MODEL_BAD_RESPONSE naming the field of an event that has the wrong shape.
 */
export function createAnthropicStreamAssembler(options: {
  readonly providerId: string;
  readonly onDelta: (delta: ModelDelta) => void;
}): AnthropicStreamAssembler {
  const { providerId, onDelta } = options;
  let count = 0;
  let model: string | undefined;
  let usage: Usage | undefined;
  let stopReason: string | null = null;
  let hasStopped = false;
  const blocks = new Map<number, Block>();
  // Block index → the call's position among the answer's tool calls.
  const callIndex = new Map<number, number>();
  const parse = <S extends z.ZodType>(schema: S, event: unknown): z.output<S> =>
    parseResponseBody(schema, event, { providerId, path: ['events', count] });
  const push = (raw: unknown): void => {
    const event = parse(eventSchema, raw);
    switch (event.type) {
      case 'message_start': {
        const { message } = parse(startSchema, event);
        model = message.model;
        usage = { ...message.usage };
        return;
      }
      case 'content_block_start': {
        const { index, content_block: block } = parse(blockStartSchema, event);
        blocks.set(index, {
          type: block.type,
          text: block.text ?? '',
          id: block.id,
          name: block.name,
          input: block.input,
          json: '',
        });
        if (block.type === 'tool_use') {
          callIndex.set(index, callIndex.size);
          const call = callIndex.size - 1;
          onDelta({ kind: 'tool-call', index: call, name: block.name ?? null, arguments: '' });
        }
        if (block.text !== undefined && block.text !== '')
          onDelta({ kind: 'text', text: block.text });
        return;
      }
      case 'content_block_delta': {
        const { index, delta } = parse(blockDeltaSchema, event);
        const block = blocks.get(index);
        if (block === undefined) return;
        if (delta.type === 'text_delta' && delta.text !== undefined) {
          block.text += delta.text;
          onDelta({ kind: 'text', text: delta.text });
        }
        const call = callIndex.get(index);
        if (delta.type === 'input_json_delta' && delta.partial_json !== undefined) {
          block.json += delta.partial_json;
          if (call !== undefined)
            onDelta({ kind: 'tool-call', index: call, name: null, arguments: delta.partial_json });
        }
        return;
      }
      case 'message_delta': {
        const delta = parse(messageDeltaSchema, event);
        if (delta.delta.stop_reason !== undefined) stopReason = delta.delta.stop_reason;
        const reported = delta.usage ?? {};
        usage = { ...usage, ...definedFields(reported) };
        return;
      }
      case 'message_stop':
        hasStopped = true;
        return;
      default:
        return;
    }
  };
  return {
    push(raw) {
      push(raw);
      count += 1;
    },
    get hasStopped() {
      return hasStopped;
    },
    body() {
      return {
        ...(model === undefined ? {} : { model }),
        stop_reason: stopReason,
        content: [...blocks.entries()]
          .sort((a, b) => a[0] - b[0])
          .map((entry) => toContentBlock(entry[1])),
        usage,
      };
    },
  };
}

function toContentBlock(block: Block): unknown {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'tool_use':
      return {
        type: 'tool_use',
        id: block.id,
        name: block.name,
        // The argument text as sent: parsed by the same rule as a tool call's text anywhere.
        input: block.json === '' ? (block.input ?? {}) : block.json,
      };
    default:
      return { type: block.type };
  }
}

/** The fields of `usage` that carry a number (null and absent ones do not replace earlier ones). */
function definedFields(usage: Usage): Usage {
  return Object.fromEntries(Object.entries(usage).filter((entry) => typeof entry[1] === 'number'));
}
