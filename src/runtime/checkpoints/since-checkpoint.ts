// What a subtree did after a checkpoint, read from the journal entries after its seq.
import type { MessageId, Pid } from '../../base/ids.js';
import type { EffectId } from '../../kernel/effect/types.js';
import type { EffectSince } from '../../kernel/checkpoint/reports.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { StoreReader } from '../../ports/store.js';

const PAGE = 1000;

/** What the journal says a subtree did since a checkpoint. */
export interface SinceCheckpoint {
  /** Effects on the world (file writes, commands, fetches, MCP calls, model calls, …). */
  readonly effects: readonly EffectSince[];
  /** Messages the subtree took from its mailbox. */
  readonly received: readonly MessageId[];
  /** Messages the subtree sent (to anyone). */
  readonly sent: readonly { readonly message: MessageId; readonly from: Pid; readonly to: Pid }[];
}

/**
 * Scans the journal after `afterSeq`: each of `pids`' entries (effects intended, messages
 * received and interrupts delivered at a claim) and every `message.sent` whose sender is one of
 * them. Bounded by what happened since, not by history.
 */
export async function sinceCheckpoint(
  reader: StoreReader,
  input: { readonly afterSeq: number; readonly pids: ReadonlySet<Pid> },
): Promise<SinceCheckpoint> {
  const effects: EffectSince[] = [];
  const received: MessageId[] = [];
  const sent: { message: MessageId; from: Pid; to: Pid }[] = [];
  for (const pid of input.pids) {
    for await (const entry of entries(reader, { afterSeq: input.afterSeq, pid })) {
      const data = entry.data as Readonly<Record<string, unknown>>;
      if (entry.type === 'effect.intended')
        effects.push({
          seq: entry.seq,
          pid,
          intent: data.intent as EffectId,
          syscall: String(data.syscall),
          resource: String(data.resource),
        });
      else if (entry.type === 'message.received') received.push(...(data.messages as MessageId[]));
      else if (entry.type === 'process.scheduled')
        received.push(...((data.interrupts ?? []) as MessageId[]));
    }
  }
  for await (const entry of entries(reader, { afterSeq: input.afterSeq, type: 'message.sent' })) {
    const data = entry.data as Readonly<Record<string, unknown>>;
    const from = data.from as Pid;
    if (input.pids.has(from) && entry.pid !== null)
      sent.push({ message: data.message as MessageId, from, to: entry.pid });
  }
  effects.sort((a, b) => a.seq - b.seq);
  return { effects, received, sent };
}

async function* entries(
  reader: StoreReader,
  query: { afterSeq: number; pid?: Pid; type?: string },
): AsyncGenerator<JournalEntry> {
  for (let afterSeq = query.afterSeq; ;) {
    const page = await reader.listJournal({ ...query, afterSeq, limit: PAGE });
    yield* page;
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return;
    afterSeq = last.seq;
  }
}
