// Revocation cascade: which records were delegated, directly or transitively, from a record.
import type { Capability, CapabilityId } from './types.js';

/**
 * The ids of every record delegated from `rootId`, at any depth, excluding the root itself,
 * breadth first. Linear in the number of records; a malformed parent cycle cannot loop it.
 */
export function descendantsOf(
  records: readonly Capability[],
  rootId: CapabilityId,
): CapabilityId[] {
  const children = new Map<CapabilityId, CapabilityId[]>();
  for (const record of records) {
    if (record.parentId === null) continue;
    const siblings = children.get(record.parentId);
    if (siblings === undefined) children.set(record.parentId, [record.id]);
    else siblings.push(record.id);
  }
  const seen = new Set<CapabilityId>([rootId]);
  const queue: CapabilityId[] = [rootId];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    if (id === undefined) break;
    for (const child of children.get(id) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
  return queue.slice(1);
}
