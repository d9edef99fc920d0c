// Compaction: when the transcript outgrows the context budget, older turns become a summary object.
import type { TranscriptEntry } from '../../kernel/agent/types.js';
import type { QuantumContext } from '../quantum-context.js';
import { estimateTokens, modelTurnCount } from './transcript-view.js';

/**
 * If the transcript is over `budgetTokens`, summarises its older half into a `summary` object in
 * the process's memory (through object.create, so capabilities apply) and replaces those turns
 * by one summary item. Returns whether it compacted. A tool call and its result are never split.
 */
export async function compactIfNeeded(
  ctx: QuantumContext,
  transcript: readonly TranscriptEntry[],
  options: { budgetTokens: number },
): Promise<boolean> {
  const total = transcript.reduce((sum, e) => sum + estimateTokens(JSON.stringify(e.item)), 0);
  if (total <= options.budgetTokens || transcript.length < 4) return false;
  let cut = Math.floor(transcript.length / 2);
  // Cut just before a model turn so no tool result loses its call.
  while (cut > 0 && transcript[cut]?.item.kind !== 'model') cut -= 1;
  if (cut <= 0) return false;
  const older = transcript.slice(0, cut);
  const text = older.map((e) => describe(e)).join('\n');
  const upTo = older.at(-1)?.seq ?? 0;
  let objectId: string | null = null;
  try {
    const created = await ctx.syscall(
      'object.create',
      { name: `summary-${upTo}`, type: 'summary', content: text },
      { callId: `compact:${upTo}` },
    );
    if (!created.blocked) objectId = (created.value as { id?: string }).id ?? null;
  } catch {
    objectId = null; // memory may be unavailable to this process; the summary item still holds the text
  }
  await ctx.record({
    items: [{ kind: 'summary', text, objectId, replaces: upTo, modelTurns: modelTurnCount(older) }],
    journal: [
      { type: 'context.compacted', data: { upToSeq: upTo, turns: older.length, objectId } },
    ],
    trimUpTo: upTo,
  });
  return true;
}

function describe(entry: TranscriptEntry): string {
  const { item } = entry;
  switch (item.kind) {
    case 'model':
      return `- model: ${item.text ?? ''} ${item.toolCalls.map((c) => `${c.name}(${JSON.stringify(c.arguments).slice(0, 200)})`).join(', ')}`.trim();
    case 'result':
      return `- ${item.name} ${item.isError ? 'failed' : 'returned'}: ${item.content.slice(0, 300)}`;
    case 'input':
      return `- message from ${item.from}: ${item.text.slice(0, 300)}`;
    case 'summary':
      return item.text;
  }
}
