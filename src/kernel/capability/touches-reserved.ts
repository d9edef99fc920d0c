// Whether a need reaches the runtime's own state inside the workspace, which no grant can allow.
import type { Right } from './catalog.js';
import { isUnder } from './match.js';
import type { ConcreteResource } from './types.js';

/**
 * Whether `resource` with `right` reaches a reserved workspace path (the runtime's state
 * directory when it lies in the workspace, and `.agent-libos`): the path itself or anything
 * under it, with any right; or, with `write` or `delete`, one of its ancestors (deleting or
 * moving `.local` would take the database with it). Compared case-insensitively, so an alias on
 * a case-insensitive file system is refused too. No capability outranks this: it is checked
 * before any record is looked at.
 */
export function touchesReserved(
  resource: ConcreteResource,
  right: Right,
  reserved: readonly string[],
): boolean {
  if (resource.kind !== 'fs' || reserved.length === 0) return false;
  const path = resource.path.toLowerCase();
  const mutates = right === 'write' || right === 'delete';
  return reserved.some((root) => {
    const reservedPath = root.toLowerCase();
    return isUnder(path, reservedPath) || (mutates && isUnder(reservedPath, path));
  });
}
