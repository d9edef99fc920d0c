// Test support: a capability record with every field at its plain default, for tests to override.
import type { Pid } from '../../base/ids.js';
import type { Capability, CapabilityId } from './types.js';

/**
 * An unrevoked, unlimited, non-delegable operator `allow` of `read` on `fs:**` for
 * `proc_00000001`, id `cap_00000001`, made at 0 — with `fields` laid over it.
 */
export function capabilityFixture(fields: Partial<Capability> = {}): Capability {
  return {
    id: 'cap_00000001' as CapabilityId,
    subject: 'proc_00000001' as Pid,
    resource: { kind: 'fs', match: 'any' },
    rights: ['read'],
    effect: 'allow',
    usesRemaining: null,
    expiresAt: null,
    parentId: null,
    delegable: false,
    issuedBy: 'operator',
    approval: null,
    boundCall: null,
    depth: 0,
    createdAt: 0,
    revokedAt: null,
    ...fields,
  };
}
