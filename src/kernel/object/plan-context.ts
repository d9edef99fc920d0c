// Which objects go into a model's context first, and what each costs in tokens.
import type { Capability } from '../capability/types.js';
import { isLive } from '../capability/decide.js';

/** Types placed first when a materialization names no pinned types of its own. */
export const DEFAULT_PINNED_TYPES: readonly string[] = ['plan', 'summary', 'note'];

/** What ordering needs to know about a candidate object. */
export interface ContextCandidate {
  readonly type: string;
  readonly updatedAt: number;
  readonly id: string;
}

/** Estimated tokens of a payload: a quarter of its size in bytes (bytes ≥ characters). */
export function estimateTokens(bytes: number): number {
  return Math.ceil(bytes / 4);
}

/**
 * Orders candidates for a context: pinned types first in the order given, then every other
 * object newest first (by `updatedAt`, then id, so the order is total and stable).
 */
export function orderForContext<C extends ContextCandidate>(
  candidates: readonly C[],
  options: { pinnedTypes: readonly string[] },
): C[] {
  const rank = (c: C): number => {
    const i = options.pinnedTypes.indexOf(c.type);
    return i < 0 ? options.pinnedTypes.length : i;
  };
  return [...candidates].sort(
    (a, b) =>
      rank(a) - rank(b) || b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Where a process's object grants point: whole namespaces and single object paths. */
export interface ReadableScope {
  /** Namespaces (`proc/…`, `shared/…`) a record covers entirely. */
  readonly namespaces: readonly string[];
  /** Object paths (`ns/<namespace>/<name>`) covered one by one. */
  readonly paths: readonly string[];
}

/**
 * The namespaces and object paths a process's live `object` allow records name with `read`
 * (plus `privateNamespace`). Patterns wider than one namespace (`ns/shared/**`, `object:**`) name
 * no namespace to enumerate and are not expanded; deny and ask records are applied later, object
 * by object.
 */
export function readableScope(
  records: readonly Capability[],
  options: { privateNamespace: string; now: number },
): ReadableScope {
  const namespaces = new Set([options.privateNamespace]);
  const paths = new Set<string>();
  for (const r of records) {
    // A counted grant names a candidate too: materialization then holds it back (`one-shot`).
    if (r.resource.kind !== 'object' || r.effect !== 'allow' || r.boundCall !== null) continue;
    if (!r.rights.includes('read') || !isLive(r, options.now) || r.resource.match === 'any')
      continue;
    const parts = r.resource.path.split('/');
    if (parts[0] !== 'ns') continue;
    if (r.resource.match === 'subtree' && parts.length === 3)
      namespaces.add(parts.slice(1).join('/'));
    else if (parts.length === 4) paths.add(r.resource.path);
  }
  return { namespaces: [...namespaces].sort(), paths: [...paths].sort() };
}
