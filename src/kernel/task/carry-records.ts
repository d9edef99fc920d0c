// Which of a finished run's capability records its continuation gets: the same or narrower authority.
import type { Right } from '../capability/catalog.js';
import { isUnder } from '../capability/match.js';
import type { ResourcePattern } from '../capability/resource.js';
import type { Capability, CapabilityId } from '../capability/types.js';

/** A resource and rights the operator names to narrow what a continuation gets. */
export interface NarrowingScope {
  readonly resource: ResourcePattern;
  /** The rights it names; a scope given without rights names every right of its kind. */
  readonly rights: readonly Right[];
}

/** How the operator narrows a follow-up: rights to drop, and (when given) the only ones to keep. */
export interface Narrowing {
  /** Allow rights within these scopes are not carried (`--drop`). */
  readonly drop: readonly NarrowingScope[];
  /** When not null, only allow rights within one of these scopes are carried (`--only`). */
  readonly only: readonly NarrowingScope[] | null;
}

/** No narrowing: every carriable record is carried as it is. */
export const NO_NARROWING: Narrowing = { drop: [], only: null };

/** A record to grant the continuation, copied from `from` of the previous run's root. */
export interface CarriedRecord {
  readonly from: CapabilityId;
  readonly fields: Omit<Capability, 'id' | 'subject' | 'createdAt' | 'revokedAt'>;
}

/** Why a record of the previous run is not carried. */
export type LeftReason =
  'not-operator' | 'bound-to-call' | 'revoked' | 'expired' | 'spent' | 'narrowed';

/** What a continuation gets and what it does not, with why. */
export interface CarryPlan {
  readonly carried: readonly CarriedRecord[];
  readonly left: readonly { readonly from: CapabilityId; readonly reason: LeftReason }[];
}

/**
 * The records a continuation receives from the previous run's root `records`: exactly the
 * operator's (grants, human `*_always` answers, counted grants with uses left), still live at
 * `now` — never a revoked, expired or spent one, never an approval bound to one of the old
 * process's calls (its hash names that process), never what the runtime or a delegation gave
 * (lineage records are made afresh for the new process). Each keeps its resource, effect, uses
 * left, expiry, delegability and approval; nothing is widened. Deny and ask records are always
 * carried: dropping a restriction would widen. Narrowing removes allow rights only: rights of a
 * record lying within a `drop` scope, and (with `only`) rights not within an `only` scope; a
 * record left with no right is not carried.
 */
export function planCarry(
  records: readonly Capability[],
  options: { readonly now: number; readonly narrowing: Narrowing },
): CarryPlan {
  const carried: CarriedRecord[] = [];
  const left: { from: CapabilityId; reason: LeftReason }[] = [];
  for (const record of records) {
    const reason = unfit(record, options.now);
    if (reason !== null) {
      left.push({ from: record.id, reason });
      continue;
    }
    const rights =
      record.effect === 'allow' ? narrowRights(record, options.narrowing) : record.rights;
    if (rights.length === 0) {
      left.push({ from: record.id, reason: 'narrowed' });
      continue;
    }
    carried.push({
      from: record.id,
      fields: {
        resource: record.resource,
        rights,
        effect: record.effect,
        usesRemaining: record.usesRemaining,
        expiresAt: record.expiresAt,
        parentId: null,
        delegable: record.delegable,
        issuedBy: 'operator',
        approval: record.approval,
        boundCall: null,
        depth: 0,
      },
    });
  }
  return { carried, left };
}

function unfit(record: Capability, now: number): LeftReason | null {
  if (record.issuedBy !== 'operator' || record.parentId !== null) return 'not-operator';
  if (record.boundCall !== null) return 'bound-to-call';
  if (record.revokedAt !== null) return 'revoked';
  if (record.expiresAt !== null && record.expiresAt <= now) return 'expired';
  if (record.usesRemaining !== null && record.usesRemaining <= 0) return 'spent';
  return null;
}

function narrowRights(record: Capability, narrowing: Narrowing): readonly Right[] {
  return record.rights.filter((right) => {
    const dropped = narrowing.drop.some((s) => names(s, record.resource, right));
    const kept =
      narrowing.only === null || narrowing.only.some((s) => names(s, record.resource, right));
    return !dropped && kept;
  });
}

/** Whether `scope` names `right` on everything `pattern` covers. */
function names(scope: NarrowingScope, pattern: ResourcePattern, right: Right): boolean {
  return scope.rights.includes(right) && within(scope.resource, pattern);
}

/**
 * Whether `inner` lies within `outer`. Unlike delegation's `contains`, no `.git` carve-out: a
 * narrowing that names `fs:**` reaches every `fs` record, `.git` ones included.
 */
export function within(outer: ResourcePattern, inner: ResourcePattern): boolean {
  if (outer.kind !== inner.kind) return false;
  switch (outer.match) {
    case 'any':
      return true;
    case 'exact':
      return inner.match === 'exact' && inner.path === outer.path;
    case 'subtree':
      return inner.match !== 'any' && isUnder(inner.path, outer.path);
  }
}
