// Pattern algebra: does a pattern cover a resource, contain another pattern, overlap it.
import type { ResourcePattern } from './resource.js';
import type { ConcreteResource } from './types.js';

/** Whether `path` is `root` or lies under it at a `/` boundary. */
export function isUnder(path: string, root: string): boolean {
  if (root === '.') return true;
  return path === root || path.startsWith(`${root}/`);
}

/** Whether `pattern` covers the concrete `resource`. */
export function covers(pattern: ResourcePattern, resource: ConcreteResource): boolean {
  if (pattern.kind !== resource.kind) return false;
  switch (pattern.match) {
    case 'any':
      return true;
    case 'exact':
      return pattern.path === resource.path;
    case 'subtree':
      return isUnder(resource.path, pattern.path);
  }
}

/** Whether everything `inner` covers is covered by `outer` (delegation may only narrow). */
export function contains(outer: ResourcePattern, inner: ResourcePattern): boolean {
  if (outer.kind !== inner.kind) return false;
  if (outer.match === 'any') return true;
  if (inner.match === 'any') return false;
  if (outer.match === 'exact') return inner.match === 'exact' && inner.path === outer.path;
  return isUnder(inner.path, outer.path);
}

/** Whether some resource is covered by both patterns. */
export function overlaps(a: ResourcePattern, b: ResourcePattern): boolean {
  if (a.kind !== b.kind) return false;
  if (a.match === 'any' || b.match === 'any') return true;
  if (a.match === 'exact' && b.match === 'exact') return a.path === b.path;
  if (a.match === 'exact') return isUnder(a.path, b.path);
  if (b.match === 'exact') return isUnder(b.path, a.path);
  return isUnder(a.path, b.path) || isUnder(b.path, a.path);
}

/**
 * The index keys under which a record covering `resource` can be stored: the exact path, each
 * ancestor subtree (including the path itself and the root `.`) and "any". A decision looks up
 * only these.
 */
export function lookupKeys(resource: ConcreteResource): { exact: string; subtrees: string[] } {
  const subtrees: string[] = [];
  if (resource.path !== '.') {
    const parts = resource.path.split('/');
    for (let i = parts.length; i > 0; i--) subtrees.push(parts.slice(0, i).join('/'));
  }
  // Parsing turns `dir/.` subtrees into "any", but a subtree at `.` is still a value the type
  // holds and `covers` honours; without this key such a record (a deny, say) would go unseen.
  subtrees.push('.');
  return { exact: resource.path, subtrees };
}
