// Deciding every resource a call needs against the caller's capability records, via the index.
import type { Pid } from '../../base/ids.js';
import { decide, type Decision } from '../../kernel/capability/decide.js';
import { lookupKeys } from '../../kernel/capability/match.js';
import { formatResource } from '../../kernel/capability/resource.js';
import type { Capability } from '../../kernel/capability/types.js';
import type { AuthorityReader } from '../../ports/authority-store.js';
import type { ResourceNeed } from '../../syscalls/define-syscall.js';
import type { CapabilityCache } from './capability-cache.js';

/** The decision for one needed resource. */
export interface NeedDecision {
  readonly need: ResourceNeed;
  readonly decision: Decision;
}

/** Where a decision reads records from: the runtime's cache when given, else the reader. */
export interface DecisionSource {
  readonly cache?: CapabilityCache;
}

/** The combined verdict: the first deny, else the first ask, else allow with every record used. */
export type Verdict =
  | { readonly effect: 'allow'; readonly decisions: readonly NeedDecision[] }
  | {
      readonly effect: 'ask';
      readonly at: NeedDecision;
      readonly decisions: readonly NeedDecision[];
    }
  | {
      readonly effect: 'deny';
      readonly at: NeedDecision;
      readonly decisions: readonly NeedDecision[];
    };

/**
 * A delegated allow is worth no more than its delegators' authority now: walking the `parentId`
 * chain, a delegator's current explicit deny (or ask) for the same resource and right overrides
 * the delegate's allow, so a deny added after a delegation still reaches the delegate. Costs one
 * indexed lookup per delegation level, and only for delegated records.
 */
async function delegatorVeto(
  reader: AuthorityReader,
  input: {
    need: ResourceNeed;
    decision: Decision;
    now: number;
    cache: CapabilityCache | undefined;
  },
): Promise<Decision> {
  const { need, decision } = input;
  if (decision.effect !== 'allow') return decision;
  let parentId = decision.record.parentId;
  const seen = new Set<string>();
  while (parentId !== null && !seen.has(parentId)) {
    seen.add(parentId);
    const parent = await reader.getCapability(parentId);
    if (parent === undefined) break;
    const held = await heldRecords(reader, {
      subject: parent.subject,
      need,
      cache: input.cache,
    });
    const verdict = decide(held, {
      resource: need.resource,
      right: need.right,
      callHash: '',
      now: input.now,
    });
    if (verdict.effect === 'deny' && verdict.record !== null) return verdict;
    if (verdict.effect === 'ask') return verdict;
    parentId = parent.parentId;
  }
  return decision;
}

/**
 * Decides each need with only the index-matched records (never a scan of all records). With a
 * cache the records come from it when it holds the reader's capability version; the decision
 * itself always runs afresh with `now` and `callHash`.
 */
export async function loadDecision(
  reader: AuthorityReader,
  call: { pid: Pid; needs: readonly ResourceNeed[]; callHash: string; now: number },
  source: DecisionSource = {},
): Promise<Verdict> {
  const decisions: NeedDecision[] = [];
  for (const need of call.needs) {
    const records = await heldRecords(reader, { subject: call.pid, need, cache: source.cache });
    const decision = decide(records, {
      resource: need.resource,
      right: need.right,
      callHash: call.callHash,
      now: call.now,
    });
    decisions.push({
      need,
      decision: await delegatorVeto(reader, { need, decision, now: call.now, cache: source.cache }),
    });
  }
  const deny = decisions.find((d) => d.decision.effect === 'deny');
  if (deny !== undefined) return { effect: 'deny', at: deny, decisions };
  const ask = decisions.find((d) => d.decision.effect === 'ask');
  if (ask !== undefined) return { effect: 'ask', at: ask, decisions };
  return { effect: 'allow', decisions };
}

async function heldRecords(
  reader: AuthorityReader,
  query: { subject: Pid; need: ResourceNeed; cache: CapabilityCache | undefined },
): Promise<readonly Capability[]> {
  const { kind } = query.need.resource;
  const keys = lookupKeys(query.need.resource);
  return query.cache === undefined
    ? reader.findCapabilities(query.subject, kind, keys)
    : query.cache.find(reader, { subject: query.subject, kind, keys });
}

/** One resource and right to decide on its own. */
export type NeedCheck = Pick<ResourceNeed, 'resource' | 'right'>;

/**
 * The decision for one need, as `loadDecision` makes it (delegators' vetoes included), for a
 * check in the middle of a call (a redirect hop): nothing is asked, reserved or journaled.
 */
export async function decideOne(
  reader: AuthorityReader,
  call: { pid: Pid; need: NeedCheck; callHash: string; now: number },
  source: DecisionSource = {},
): Promise<Decision> {
  const verdict = await loadDecision(reader, { ...call, needs: [call.need] }, source);
  const [first] = verdict.decisions;
  return first?.decision ?? { effect: 'deny', record: null };
}

/** Canonical text of a concrete resource need (`fs:src/a.ts`). */
export function needText(need: ResourceNeed): string {
  return formatResource({ kind: need.resource.kind, match: 'exact', path: need.resource.path });
}
