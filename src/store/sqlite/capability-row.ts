// Maps capability records to and from rows of the `capabilities` table.
import type { Pid } from '../../base/ids.js';
import type { Right } from '../../kernel/capability/catalog.js';
import type { ResourcePattern } from '../../kernel/capability/resource.js';
import type { Capability, CapabilityEffect, CapabilityId } from '../../kernel/capability/types.js';
import type { Actor } from '../../kernel/process/types.js';

/** A row of the `capabilities` table. */
export interface CapabilityRow {
  readonly id: string;
  readonly subject: string;
  readonly kind: string;
  readonly match: string;
  readonly path: string;
  readonly rights_json: string;
  readonly effect: string;
  readonly uses_remaining: number | null;
  readonly expires_at: number | null;
  readonly parent_id: string | null;
  readonly delegable: number;
  readonly issued_by: string;
  readonly approval: string | null;
  readonly bound_call: string | null;
  readonly depth: number;
  readonly created_at: number;
  readonly revoked_at: number | null;
}

/** The row for `cap`. */
export function toCapabilityRow(cap: Capability): CapabilityRow {
  return {
    id: cap.id,
    subject: cap.subject,
    kind: cap.resource.kind,
    match: cap.resource.match,
    path: cap.resource.match === 'any' ? '' : cap.resource.path,
    rights_json: JSON.stringify(cap.rights),
    effect: cap.effect,
    uses_remaining: cap.usesRemaining,
    expires_at: cap.expiresAt,
    parent_id: cap.parentId,
    delegable: cap.delegable ? 1 : 0,
    issued_by: cap.issuedBy,
    approval: cap.approval,
    bound_call: cap.boundCall,
    depth: cap.depth,
    created_at: cap.createdAt,
    revoked_at: cap.revokedAt,
  };
}

/** The record stored in `row` (rows are written only from typed values). */
export function fromCapabilityRow(row: CapabilityRow): Capability {
  const kind = row.kind as ResourcePattern['kind'];
  const resource: ResourcePattern =
    row.match === 'any'
      ? { kind, match: 'any' }
      : { kind, match: row.match as 'exact' | 'subtree', path: row.path };
  return {
    id: row.id as CapabilityId,
    subject: row.subject as Pid,
    resource,
    rights: JSON.parse(row.rights_json) as Right[],
    effect: row.effect as CapabilityEffect,
    usesRemaining: row.uses_remaining,
    expiresAt: row.expires_at,
    parentId: row.parent_id as CapabilityId | null,
    delegable: row.delegable === 1,
    issuedBy: row.issued_by as Actor,
    approval: row.approval,
    boundCall: row.bound_call,
    depth: row.depth,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
