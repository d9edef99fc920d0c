// Pattern algebra: does a pattern cover a resource, contain another pattern, overlap it.
import type { ResourcePattern } from './resource.js';
import type { CapabilityEffect, ConcreteResource } from './types.js';

/**
 * Which records a coverage question is about. The `.git` carve-out narrows only what a record
 * allows: a `deny` or `ask` over an ancestor always reaches `.git` internals, so restrictions
 * never have holes an allow elsewhere could slip through.
 */
export interface CoverOptions {
  readonly effect?: CapabilityEffect;
}

function carvesGit(options: CoverOptions): boolean {
  return options.effect === undefined || options.effect === 'allow';
}

/** Whether `path` is `root` or lies under it at a `/` boundary. */
export function isUnder(path: string, root: string): boolean {
  if (root === '.') return true;
  return path === root || path.startsWith(`${root}/`);
}

// A `.git` segment in any case: on a case-insensitive file system `.GIT/config` is the
// repository's config (the aliasing behind CVE-2014-9390).
function hasGitSegment(path: string): boolean {
  const lower = path.toLowerCase();
  return lower.includes('.git') && lower.split('/').includes('.git');
}

/**
 * Whether `pattern` reaches `path` (already known to lie at or under the pattern's root) as far
 * as `.git` internals go. For `fs`, a `.git` segment below the pattern's own path puts the path
 * out of reach: `**` and `src/**` never reach `.git/config` or `src/.git/HEAD`; only a pattern
 * whose own path contains that `.git` segment does (`.git/**`, `src/.git/HEAD`). Git internals
 * (hooks, config) run code and rewrite history, so they need an explicit grant. Other kinds are
 * unaffected.
 */
function reaches(pattern: ResourcePattern, path: string, options: CoverOptions = {}): boolean {
  if (pattern.kind !== 'fs' || !carvesGit(options)) return true;
  switch (pattern.match) {
    case 'any':
      return !hasGitSegment(path);
    case 'exact':
      return true;
    case 'subtree':
      return pattern.path === '.'
        ? !hasGitSegment(path)
        : !hasGitSegment(path.slice(pattern.path.length));
  }
}

/**
 * Whether `pattern` covers the concrete `resource` (see `reaches` for `.git` internals, which an
 * allow reaches only by naming them and a deny or ask reaches from any ancestor).
 */
export function covers(
  pattern: ResourcePattern,
  resource: ConcreteResource,
  options: CoverOptions = {},
): boolean {
  if (pattern.kind !== resource.kind) return false;
  switch (pattern.match) {
    case 'any':
      return reaches(pattern, resource.path, options);
    case 'exact':
      return pattern.path === resource.path;
    case 'subtree':
      return isUnder(resource.path, pattern.path) && reaches(pattern, resource.path, options);
  }
}

/** Whether everything `inner` covers is covered by `outer` (delegation may only narrow). */
export function contains(outer: ResourcePattern, inner: ResourcePattern): boolean {
  if (outer.kind !== inner.kind) return false;
  if (outer.match === 'any') return inner.match === 'any' || reaches(outer, inner.path);
  if (inner.match === 'any') return false;
  if (outer.match === 'exact') return inner.match === 'exact' && inner.path === outer.path;
  return isUnder(inner.path, outer.path) && reaches(outer, inner.path);
}

/**
 * Whether some resource is covered by both patterns; `options.effect` is the effect of `a` (a
 * deny or ask `a` reaches `.git` internals under it), `b` is taken as an allow.
 */
export function overlaps(
  a: ResourcePattern,
  b: ResourcePattern,
  options: CoverOptions = {},
): boolean {
  if (a.kind !== b.kind) return false;
  if (a.match === 'any') return b.match === 'any' || reaches(a, b.path, options);
  if (b.match === 'any') return reaches(b, a.path);
  if (a.match === 'exact' && b.match === 'exact') return a.path === b.path;
  // The deeper pattern's own path is the resource both can cover, if any is.
  if (a.match === 'exact') return isUnder(a.path, b.path) && reaches(b, a.path);
  if (b.match === 'exact') return isUnder(b.path, a.path) && reaches(a, b.path, options);
  if (isUnder(a.path, b.path)) return reaches(b, a.path);
  return isUnder(b.path, a.path) && reaches(a, b.path, options);
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
