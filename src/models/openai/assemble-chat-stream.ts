// Folds the chunks of a streamed Chat Completion into the body a non-streamed call would return.
import { z } from 'zod';
import type { ModelDelta } from '../../ports/model-provider.js';
import { parseResponseBody } from '../shared/parse-response-body.js';

const chunkSchema = z.object({
  model: z.string().optional(),
  // The last chunk (usage only) has no choices; some compatible servers leave the field out.
  choices: z
    .array(
      z.object({
        index: z.number().int().min(0),
        finish_reason: z.string().nullish(),
        delta: z
          .object({
            content: z.string().nullish(),
            refusal: z.string().nullish(),
            tool_calls: z
              .array(
                z.object({
                  index: z.number().int().min(0).max(1023),
                  id: z.string().nullish(),
                  function: z
                    .object({ name: z.string().nullish(), arguments: z.string().nullish() })
                    .nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
      }),
    )
    .optional(),
  usage: z.unknown().optional(),
});

interface ToolCallParts {
  id: string | undefined;
  name: string | undefined;
  arguments: string;
}

/** The assembler of one streamed Chat Completion. */
export interface ChatStreamAssembler {
  /** Adds the next chunk (the SDK's parsed `data:`), reporting its pieces to `onDelta`. */
  push(chunk: unknown): void;
  /**
   * Whether choice 0 has finished (a finish reason arrived). The usage chunk comes after it; a
   * server that never sends one fails the parse of `body()` exactly as a body without usage.
   */
  readonly hasFinished: boolean;
  /** The Chat Completion body the chunks add up to (first choice only, as a non-streamed call). */
  body(): unknown;
}

/**
 * An assembler for the chunks of `chat.completions.create({ stream: true, stream_options: {
 * include_usage: true } })`: content and refusal pieces are concatenated, tool calls are joined
 * by their `index` (id and name from the first piece, argument text appended), the finish reason
 * and the usage taken as they come. Only choice 0 counts, as in the non-streamed parse.
 * @throws MODEL_BAD_RESPONSE naming the field of a chunk that has the wrong shape.
 */
export function createChatStreamAssembler(options: {
  readonly providerId: string;
  readonly onDelta: (delta: ModelDelta) => void;
}): ChatStreamAssembler {
  let count = 0;
  let model: string | undefined;
  let content: string | null = null;
  let refusal: string | null = null;
  let finishReason: string | null = null;
  let usage: unknown;
  const calls = new Map<number, ToolCallParts>();
  return {
    push(raw) {
      const chunk = parseResponseBody(chunkSchema, raw, {
        providerId: options.providerId,
        path: ['events', count],
      });
      count += 1;
      model ??= chunk.model;
      if (chunk.usage !== undefined && chunk.usage !== null) usage = chunk.usage;
      for (const choice of chunk.choices ?? []) {
        if (choice.index !== 0) continue;
        if (choice.finish_reason !== undefined && choice.finish_reason !== null)
          finishReason = choice.finish_reason;
        const delta = choice.delta;
        if (delta === undefined || delta === null) continue;
        if (typeof delta.content === 'string' && delta.content !== '') {
          content = (content ?? '') + delta.content;
          options.onDelta({ kind: 'text', text: delta.content });
        }
        if (typeof delta.refusal === 'string' && delta.refusal !== '') {
          refusal = (refusal ?? '') + delta.refusal;
          options.onDelta({ kind: 'text', text: delta.refusal });
        }
        for (const piece of delta.tool_calls ?? []) {
          const known = calls.get(piece.index);
          const call = known ?? { id: undefined, name: undefined, arguments: '' };
          if (known === undefined) calls.set(piece.index, call);
          call.id ??= piece.id ?? undefined;
          const name = piece.function?.name ?? undefined;
          const isNamed = call.name === undefined && name !== undefined;
          if (isNamed) call.name = name;
          const text = piece.function?.arguments ?? '';
          call.arguments += text;
          options.onDelta({
            kind: 'tool-call',
            index: piece.index,
            name: isNamed ? name : null,
            arguments: text,
          });
        }
      }
    },
    get hasFinished() {
      return finishReason !== null;
    },
    body() {
      const toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
      return {
        ...(model === undefined ? {} : { model }),
        choices: [
          {
            finish_reason: finishReason,
            message: {
              content,
              refusal,
              ...(toolCalls.length === 0
                ? {}
                : {
                    tool_calls: toolCalls.map((call) => ({
                      id: call.id,
                      function: { name: call.name, arguments: call.arguments },
                    })),
                  }),
            },
          },
        ],
        usage,
      };
    },
  };
}
