// Reads everything the oracle may judge by from a runtime's store: journal, requests, intents, processes.
import type { HumanRequest } from '../../kernel/approval/types.js';
import type { EffectIntent } from '../../kernel/effect/types.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { Runtime } from '../../runtime/runtime.js';
import { PAGE, readPages } from './read-pages.js';

/** The runtime's own records of a run: the only evidence the oracle accepts. */
export interface Evidence {
  readonly journal: readonly JournalEntry[];
  readonly requests: readonly HumanRequest[];
  readonly intents: readonly EffectIntent[];
  readonly processes: readonly AgentProcess[];
}

/** Reads the whole journal and every request, intent and process of `runtime`, page by page. */
export async function readEvidence(runtime: Runtime): Promise<Evidence> {
  const journal: JournalEntry[] = [];
  for (let afterSeq = 0; ;) {
    const page = await runtime.journal({ afterSeq, limit: PAGE });
    journal.push(...page);
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) break;
    afterSeq = last.seq;
  }
  const requests = await readPages((after: HumanRequest | undefined) =>
    runtime.requests({
      states: ['pending', 'answered', 'expired', 'cancelled'],
      limit: PAGE,
      ...(after === undefined ? {} : { afterId: after.id }),
    }),
  );
  const intents = await readPages((after: EffectIntent | undefined) =>
    runtime.store.read((r) =>
      r.listIntents({ limit: PAGE, ...(after === undefined ? {} : { afterId: after.id }) }),
    ),
  );
  const processes = await readPages((after: AgentProcess | undefined) =>
    runtime.list({ limit: PAGE, ...(after === undefined ? {} : { afterPid: after.pid }) }),
  );
  return { journal, requests, intents, processes };
}
