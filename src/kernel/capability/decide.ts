// The capability decision: deny > allow bound to this exact call > allow a human approved > ask > allow; no match = deny.
import type { Right } from './catalog.js';
import { covers } from './match.js';
import type { Capability, ConcreteResource } from './types.js';

/** The outcome of a check, with the record that decided it. */
export type Decision =
  | { readonly effect: 'allow'; readonly record: Capability; readonly oneShot: boolean }
  | { readonly effect: 'ask'; readonly record: Capability }
  | { readonly effect: 'deny'; readonly record: Capability | null };

/** What is being checked. */
export interface Check {
  readonly resource: ConcreteResource;
  readonly right: Right;
  /** Hash of the exact call (syscall, pid, canonical input), for one-shot approvals. */
  readonly callHash: string;
  readonly now: number;
}

/** Whether a record is in force at `now` (not revoked, not expired, not used up). */
export function isLive(record: Capability, now: number): boolean {
  return (
    record.revokedAt === null &&
    (record.expiresAt === null || record.expiresAt > now) &&
    (record.usesRemaining === null || record.usesRemaining > 0)
  );
}

/**
 * Decides `check` over `records` (any superset of the matching ones; order never matters: ties
 * go to the smallest id). Records bound to another call are ignored. An allow that a human
 * approved with `allow_always` answers the question an `ask` record would pose, so it ranks
 * between the call-bound allow and ask (ARCHITECTURE.md records this refinement).
 */
export function decide(records: readonly Capability[], check: Check): Decision {
  let deny: Capability | undefined;
  let bound: Capability | undefined;
  let approved: Capability | undefined;
  let ask: Capability | undefined;
  let allow: Capability | undefined;
  for (const r of records) {
    if (
      !isLive(r, check.now) ||
      !r.rights.includes(check.right) ||
      !covers(r.resource, check.resource, { effect: r.effect })
    )
      continue;
    if (r.boundCall !== null && r.boundCall !== check.callHash) continue;
    if (r.effect === 'deny') deny = first(deny, r);
    else if (r.effect === 'ask') ask = first(ask, r);
    else if (r.boundCall !== null) bound = first(bound, r);
    else if (r.approval !== null) approved = first(approved, r);
    else allow = preferred(allow, r);
  }
  if (deny !== undefined) return { effect: 'deny', record: deny };
  if (bound !== undefined) return { effect: 'allow', record: bound, oneShot: true };
  if (approved !== undefined)
    return { effect: 'allow', record: approved, oneShot: approved.usesRemaining !== null };
  if (ask !== undefined) return { effect: 'ask', record: ask };
  if (allow !== undefined)
    return { effect: 'allow', record: allow, oneShot: allow.usesRemaining !== null };
  return { effect: 'deny', record: null };
}

function first(current: Capability | undefined, next: Capability): Capability {
  return current === undefined || next.id < current.id ? next : current;
}

// Among plain allows, an unlimited record is used before a counted one, so counted uses are spent
// only when nothing else allows the call.
function preferred(current: Capability | undefined, next: Capability): Capability {
  if (current === undefined) return next;
  const a = current.usesRemaining === null;
  const b = next.usesRemaining === null;
  if (a !== b) return a ? current : next;
  return first(current, next);
}
