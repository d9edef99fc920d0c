// Reading a durable transcript: the model's view of it and the tool calls still to dispatch.
import type { TranscriptEntry } from '../../kernel/agent/types.js';
import type { ModelMessage, ToolCall } from '../../ports/model-provider.js';

/** The tool calls of the last model turn that have no persisted result yet, in order. */
export function pendingCalls(entries: readonly TranscriptEntry[]): ToolCall[] {
  let lastModel = -1;
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i]?.item.kind === 'model') {
      lastModel = i;
      break;
    }
  }
  const turn = entries[lastModel]?.item;
  if (turn?.kind !== 'model') return [];
  const done = new Set<string>();
  for (const entry of entries.slice(lastModel + 1))
    if (entry.item.kind === 'result') done.add(entry.item.toolCallId);
  return turn.toolCalls.filter((c) => !done.has(c.id));
}

/** The last model turn when it made no tool calls (a final text answer), else null. */
export function finalAnswer(entries: readonly TranscriptEntry[]): string | null {
  const last = entries.at(-1)?.item;
  return last?.kind === 'model' && last.toolCalls.length === 0 ? (last.text ?? '') : null;
}

/**
 * The transcript as provider-neutral messages (summaries and inputs become user messages). A
 * summary replaces turns older than everything left, so summaries come first.
 */
export function toMessages(entries: readonly TranscriptEntry[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  const ordered = [
    ...entries.filter((e) => e.item.kind === 'summary'),
    ...entries.filter((e) => e.item.kind !== 'summary'),
  ];
  for (const { item } of ordered) {
    switch (item.kind) {
      case 'model':
        out.push({ role: 'assistant', content: item.text, toolCalls: item.toolCalls });
        break;
      case 'result':
        out.push({
          role: 'tool',
          toolCallId: item.toolCallId,
          name: item.name,
          content: item.content,
          isError: item.isError,
        });
        break;
      case 'input':
        out.push({ role: 'user', content: `Message from ${item.from}: ${item.text}` });
        break;
      case 'summary':
        out.push({
          role: 'user',
          content: `Summary of earlier work (older turns were compacted):\n${item.text}`,
        });
        break;
    }
  }
  return out;
}

/** How many model turns the process has had, counting those a summary replaced. */
export function modelTurnCount(entries: readonly TranscriptEntry[]): number {
  let count = 0;
  for (const { item } of entries) {
    if (item.kind === 'model') count += 1;
    else if (item.kind === 'summary') count += item.modelTurns;
  }
  return count;
}

/** A rough token estimate (characters / 4), used for budgets before a call. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
