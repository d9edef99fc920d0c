// Deciding every resource a call needs against the caller's capability records, via the index.
import type { Pid } from '../../base/ids.js';
import { decide, type Decision } from '../../kernel/capability/decide.js';
import { lookupKeys } from '../../kernel/capability/match.js';
import { formatResource } from '../../kernel/capability/resource.js';
import type { AuthorityReader } from '../../ports/authority-store.js';
import type { ResourceNeed } from '../../syscalls/define-syscall.js';

/** The decision for one needed resource. */
export interface NeedDecision {
  readonly need: ResourceNeed;
  readonly decision: Decision;
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

/** Decides each need with only the index-matched records (never a scan of all records). */
export async function loadDecision(
  reader: AuthorityReader,
  call: { pid: Pid; needs: readonly ResourceNeed[]; callHash: string; now: number },
): Promise<Verdict> {
  const decisions: NeedDecision[] = [];
  for (const need of call.needs) {
    const records = await reader.findCapabilities(
      call.pid,
      need.resource.kind,
      lookupKeys(need.resource),
    );
    const decision = decide(records, {
      resource: need.resource,
      right: need.right,
      callHash: call.callHash,
      now: call.now,
    });
    decisions.push({ need, decision });
  }
  const deny = decisions.find((d) => d.decision.effect === 'deny');
  if (deny !== undefined) return { effect: 'deny', at: deny, decisions };
  const ask = decisions.find((d) => d.decision.effect === 'ask');
  if (ask !== undefined) return { effect: 'ask', at: ask, decisions };
  return { effect: 'allow', decisions };
}

/** Canonical text of a concrete resource need (`fs:src/a.ts`). */
export function needText(need: ResourceNeed): string {
  return formatResource({ kind: need.resource.kind, match: 'exact', path: need.resource.path });
}
