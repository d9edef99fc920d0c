// Delegation: a new record that can only narrow the one it comes from.
import type { Right } from './catalog.js';
import { contains } from './match.js';
import type { Parsed, ResourcePattern } from './resource.js';
import { isLive } from './decide.js';
import { MAX_DELEGATION_DEPTH, type Capability } from './types.js';

/** What the delegator asks for. */
export interface DelegationRequest {
  readonly resource: ResourcePattern;
  readonly rights: readonly Right[];
  readonly expiresAt: number | null;
  readonly delegable: boolean;
}

/** The fields of the delegated record that follow from its parent. */
export interface Attenuated extends DelegationRequest {
  readonly parentId: Capability['id'];
  readonly depth: number;
}

/**
 * Checks that `request` only narrows `parent` (resource ⊆, rights ⊆, expiry ≤, depth limit)
 * and returns the child's fields; one-shot, counted, bound, ask and deny records never delegate.
 */
export function attenuate(
  parent: Capability,
  request: DelegationRequest,
  options: { now: number },
): Parsed<Attenuated> {
  if (!isLive(parent, options.now)) return no('the capability is revoked, expired or used up');
  if (parent.effect !== 'allow')
    return no(`only allow records can be delegated, not ${parent.effect}`);
  if (parent.boundCall !== null || parent.usesRemaining !== null)
    return no('one-shot and counted grants cannot be delegated');
  if (!parent.delegable) return no('the capability is not delegable');
  if (parent.depth + 1 > MAX_DELEGATION_DEPTH)
    return no(`delegation is limited to depth ${MAX_DELEGATION_DEPTH}`);
  if (!contains(parent.resource, request.resource))
    return no('the resource is wider than the delegated capability');
  const extra = request.rights.filter((r) => !parent.rights.includes(r));
  if (extra.length > 0) return no(`rights not held: ${extra.join(', ')}`);
  if (request.rights.length === 0) return no('name at least one right');
  if (
    parent.expiresAt !== null &&
    (request.expiresAt === null || request.expiresAt > parent.expiresAt)
  ) {
    return no('the expiry is later than the delegated capability');
  }
  return { ok: true, value: { ...request, parentId: parent.id, depth: parent.depth + 1 } };
}

function no(reason: string): Parsed<Attenuated> {
  return { ok: false, reason };
}
