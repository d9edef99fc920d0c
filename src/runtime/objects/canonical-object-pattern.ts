// Id-based object grants: `object:obj_…` becomes the object's path when it is granted.
import { isId } from '../../base/ids.js';
import type { ResourcePattern } from '../../kernel/capability/resource.js';
import { objectPath } from '../../kernel/object/types.js';
import type { ObjectReader } from '../../ports/object-store.js';

/** A canonical pattern, and whether an object id in it named an object. */
export interface CanonicalPattern {
  readonly pattern: ResourcePattern;
  /** False only for an `object:obj_…` pattern whose id names no object. */
  readonly found: boolean;
}

/**
 * Turns an `object:<obj_…>` pattern into the exact `object:ns/<namespace>/<name>` of that
 * object (objects never move between namespaces), so every check compares paths only. An id
 * that names nothing becomes `object:id/<obj_…>`, the placeholder path an unknown id is checked
 * on, which no namespace grant covers. Every other pattern is returned unchanged.
 */
export async function canonicalObjectPattern(
  reader: ObjectReader,
  pattern: ResourcePattern,
): Promise<CanonicalPattern> {
  if (pattern.kind !== 'object' || pattern.match !== 'exact' || !isId('object', pattern.path))
    return { pattern, found: true };
  const object = await reader.getObject(pattern.path);
  if (object === undefined)
    return { pattern: { ...pattern, path: `id/${pattern.path}` }, found: false };
  return { pattern: { ...pattern, path: objectPath(object.namespace, object.name) }, found: true };
}
