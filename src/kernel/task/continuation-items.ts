// The transcript a continuation starts from: the previous run's, its open calls closed, then the follow-up.
import type { TranscriptEntry, TranscriptItem } from '../agent/types.js';
import type { ProcessState } from '../process/types.js';

/** Who a follow-up comes from, as the model reads it (`Message from operator: …`). */
export const FOLLOW_UP_FROM = 'operator';

/**
 * The items a continuation's transcript starts with, in order: every item of `previous` (the
 * previous run's durable transcript, summaries of compacted turns included, so turn counts carry
 * on), then one result for each tool call of its last model turn that never got one — the run
 * ended there — and last the follow-up as an input. Without those results the continuation would
 * dispatch the old calls again (an `exit` would end it at once). The previous run's `exit` call
 * is answered as done; any other open call as not run, with the way the run ended.
 */
export function continuationItems(
  previous: readonly TranscriptEntry[],
  input: { readonly ended: ProcessState; readonly followUp: string },
): TranscriptItem[] {
  const items = previous.map((entry) => entry.item);
  return [
    ...items,
    ...closeOpenCalls(items, input.ended),
    { kind: 'input', text: input.followUp, from: FOLLOW_UP_FROM },
  ];
}

function closeOpenCalls(items: readonly TranscriptItem[], ended: ProcessState): TranscriptItem[] {
  let last = -1;
  for (let i = items.length - 1; i >= 0; i--) {
    if (items[i]?.kind === 'model') {
      last = i;
      break;
    }
  }
  const turn = items[last];
  if (turn?.kind !== 'model') return [];
  const answered = new Set(
    items.slice(last + 1).flatMap((item) => (item.kind === 'result' ? [item.toolCallId] : [])),
  );
  return turn.toolCalls
    .filter((call) => !answered.has(call.id))
    .map((call): TranscriptItem => {
      const isExit = call.name === 'exit' && ended.kind === 'exited';
      const content = isExit
        ? { ended: 'exited', note: 'The run ended here; the operator followed up below.' }
        : {
            error: {
              code: 'CANCELLED',
              message: `Not run: the run ended (${ended.kind}) before this call completed`,
            },
          };
      return {
        kind: 'result',
        toolCallId: call.id,
        name: call.name,
        content: JSON.stringify(content),
        isError: !isExit,
      };
    });
}
