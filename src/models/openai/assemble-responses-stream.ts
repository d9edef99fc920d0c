// Follows the events of a streamed Responses API call to its final response body.
import { APIError } from 'openai';
import { z } from 'zod';
import type { ModelDelta } from '../../ports/model-provider.js';
import { parseResponseBody } from '../shared/parse-response-body.js';

const eventSchema = z.looseObject({ type: z.string() });
const textDeltaSchema = z.object({ delta: z.string() });
const itemAddedSchema = z.object({
  output_index: z.number().int().min(0),
  item: z.looseObject({ type: z.string(), name: z.string().optional() }),
});
const argumentsDeltaSchema = z.object({ output_index: z.number().int().min(0), delta: z.string() });
const finalSchema = z.object({ response: z.unknown() });
const errorSchema = z.object({
  code: z.string().nullish(),
  message: z.string().nullish(),
});

/** The follower of one streamed Responses API call. */
export interface ResponsesStreamAssembler {
  /** Adds the next event (the SDK's parsed `data:`), reporting its pieces to `onDelta`. */
  push(event: unknown): void;
  /**
   * The response body of the terminal event (`response.completed`, `.incomplete` or `.failed`),
   * which is the body a non-streamed call returns; undefined until it arrived.
   */
  readonly final: unknown;
}

/**
 * An assembler for `responses.create({ stream: true })`: text and refusal deltas and function
 * call arguments go to `onDelta` (a call's index is its position among the answer's function
 * calls); the answer itself is the terminal event's `response`, parsed like a non-streamed body.
 * An `error` event is thrown as the SDK's APIError carrying its code, so it is classified as the
 * same error answered with a status would be.
 * @throws MODEL_BAD_RESPONSE naming the field of an event that has the wrong shape.
 */
export function createResponsesStreamAssembler(options: {
  readonly providerId: string;
  readonly onDelta: (delta: ModelDelta) => void;
}): ResponsesStreamAssembler {
  const { providerId, onDelta } = options;
  let count = 0;
  let final: unknown;
  // Output index of each function call item → its position among the answer's calls.
  const callIndex = new Map<number, number>();
  const parse = <S extends z.ZodType>(schema: S, event: unknown): z.output<S> =>
    parseResponseBody(schema, event, { providerId, path: ['events', count] });
  return {
    push(raw) {
      const event = parse(eventSchema, raw);
      switch (event.type) {
        case 'response.output_text.delta':
        case 'response.refusal.delta':
          onDelta({ kind: 'text', text: parse(textDeltaSchema, event).delta });
          break;
        case 'response.output_item.added': {
          const added = parse(itemAddedSchema, event);
          if (added.item.type !== 'function_call') break;
          const index = callIndex.size;
          callIndex.set(added.output_index, index);
          onDelta({ kind: 'tool-call', index, name: added.item.name ?? null, arguments: '' });
          break;
        }
        case 'response.function_call_arguments.delta': {
          const delta = parse(argumentsDeltaSchema, event);
          const index = callIndex.get(delta.output_index);
          if (index !== undefined)
            onDelta({ kind: 'tool-call', index, name: null, arguments: delta.delta });
          break;
        }
        case 'response.completed':
        case 'response.incomplete':
        case 'response.failed':
          final = parse(finalSchema, event).response;
          break;
        case 'error': {
          const error = parse(errorSchema, event);
          const code = error.code ?? null;
          throw new APIError(
            undefined,
            { code, type: null, message: error.message ?? null },
            undefined,
            undefined,
          );
        }
        default:
          break;
      }
      count += 1;
    },
    get final() {
      return final;
    },
  };
}
