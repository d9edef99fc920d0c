// Read-only object views: a process may pass read access to its own private objects to its children.
import type { Pid } from '../../base/ids.js';
import type { Right } from '../../kernel/capability/catalog.js';
import type { Capability } from '../../kernel/capability/types.js';
import { privateNamespace } from '../../kernel/object/types.js';

/**
 * The record to attenuate a delegation from. The runtime-issued record on a process's own
 * private namespace is not delegable (a child must not get write or delete on its parent's
 * memory), but it may be the source of a read-only view: for a request of `read` only, it is
 * treated as delegable. Delegation still only narrows (and revoking the record revokes the
 * views). Any other record is returned unchanged.
 */
export function viewSource(
  record: Capability,
  request: { readonly holder: Pid; readonly rights: readonly Right[] },
): Capability {
  const own = `ns/${privateNamespace(request.holder)}`;
  const isOwnNamespace =
    record.subject === request.holder &&
    record.issuedBy === 'runtime' &&
    record.effect === 'allow' &&
    record.resource.kind === 'object' &&
    record.resource.match === 'subtree' &&
    record.resource.path === own;
  if (!isOwnNamespace || !request.rights.every((r) => r === 'read')) return record;
  return { ...record, delegable: true };
}
