// Parsing `kind:pattern` resources and the rights lists that go with them.
import { posix } from 'node:path';
import { findHiddenCharacter } from '../../base/find-hidden-character.js';
import {
  isResourceKind,
  isRightOf,
  RESOURCE_CATALOG,
  type ResourceKind,
  type Right,
} from './catalog.js';
import { parseUrlPattern } from './url-pattern.js';

/** A parsed resource pattern. `subtree` patterns end in `/**` (or are `**`: everything). */
export type ResourcePattern =
  | { readonly kind: ResourceKind; readonly match: 'exact'; readonly path: string }
  | { readonly kind: ResourceKind; readonly match: 'subtree'; readonly path: string }
  | { readonly kind: ResourceKind; readonly match: 'any' };

/** A parse result: the value or why the text is not acceptable. */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * Parses a resource pattern. Rejects a bare `*`, unknown kinds, wildcards anywhere but a
 * trailing `/**` (or a lone `*` where the kind allows "any"), `..` segments and absolute paths,
 * and, in any kind, control and Unicode format characters (bidi overrides, zero-width
 * characters): resource text is shown to people (approvals, tables, journal), so it may not hide
 * or reorder what they read. Reasons name such a character by code point, never the text.
 */
export function parseResource(text: string): Parsed<ResourcePattern> {
  const hidden = findHiddenCharacter(text, { allowLineBreaks: false });
  if (hidden !== null) return bad(`the resource contains ${hidden}`);
  if (text.trim() === '*' || text.trim() === '**')
    return bad('a bare wildcard names no resource kind; write kind:pattern');
  const colon = text.indexOf(':');
  if (colon <= 0) return bad(`${JSON.stringify(text)} is not of the form kind:pattern`);
  const kind = text.slice(0, colon);
  const pattern = text.slice(colon + 1);
  if (!isResourceKind(kind)) return bad(`unknown resource kind ${JSON.stringify(kind)}`);
  if (pattern.length === 0) return bad('the pattern is empty');
  if (pattern.length > 4096) return bad('the pattern is too long');
  const style = RESOURCE_CATALOG[kind].patterns;
  if (pattern === '*') {
    return style === 'name-or-any' || style === 'argv' || style === 'url'
      ? ok({ kind, match: 'any' })
      : bad(`kind ${kind} takes no bare * pattern`);
  }
  if (style === 'path') return parsePath(kind, pattern);
  if (style === 'argv') return parseArgvPrefix(kind, pattern);
  if (style === 'url') return parseUrlPattern(kind, pattern);
  if (/[*?[\]{}]/.test(pattern)) return bad(`wildcards are not allowed in ${kind} patterns`);
  return ok({ kind, match: 'exact', path: pattern });
}

function parsePath(kind: ResourceKind, pattern: string): Parsed<ResourcePattern> {
  if (pattern === '**') return ok({ kind, match: 'any' });
  const subtree = pattern.endsWith('/**');
  const body = subtree ? pattern.slice(0, -3) : pattern;
  if (/[*?[\]{}]/.test(body)) return bad('wildcards are allowed only as a trailing /**');
  const path = normalizePath(body);
  if (path === null) return bad('the path must be relative, normalised and stay inside its root');
  if (subtree && path === '.') return ok({ kind, match: 'any' });
  return ok({ kind, match: subtree ? 'subtree' : 'exact', path });
}

// `git` or `git/status`: an executable and the leading arguments every covered command starts
// with (each argument as `shellResource` encodes it). Held as a subtree, so `git` covers
// `git/status/--short`, not `gitk`; written back without `/**`.
function parseArgvPrefix(kind: ResourceKind, pattern: string): Parsed<ResourcePattern> {
  if (/[*?[\]{}]/.test(pattern)) return bad(`wildcards are not allowed in ${kind} patterns`);
  const path = normalizePath(pattern);
  if (path === null || path === '.' || path !== pattern)
    return bad('write the executable and its leading arguments as name/arg/arg, nothing else');
  return ok({ kind, match: 'subtree', path });
}

/** Normalises a relative path (`./a//b/` → `a/b`); null when absolute or escaping with `..`. */
export function normalizePath(path: string): string | null {
  if (path.length === 0 || posix.isAbsolute(path) || path.includes('\\') || /^[A-Za-z]:/.test(path))
    return null;
  const normal = posix.normalize(path).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) return null;
  // Again after normalising: `./C:/x` and `x/../C:/y` come out as `C:/…`, a drive path on Windows.
  if (/^[A-Za-z]:/.test(normal)) return null;
  if (normal === '.' || normal === '') return '.';
  return normal;
}

/**
 * Parses a rights list such as `read,write` for `kind` (or for a parsed pattern, which also
 * refuses `connect` on any `net` pattern but `net:*`: it is the shell sandbox's whole network,
 * never one URL's); rejects `*`, unknown rights and an empty list. Duplicates are dropped.
 */
export function parseRights(
  target: ResourceKind | ResourcePattern,
  text: string | readonly string[],
): Parsed<readonly Right[]> {
  const kind = typeof target === 'string' ? target : target.kind;
  const items = typeof text === 'string' ? text.split(',').map((s) => s.trim()) : text;
  if (items.length === 0 || items.every((r) => r === '')) return bad('name at least one right');
  const out: Right[] = [];
  for (const right of items) {
    if (right === '*') return bad('a * right is not allowed: name each right');
    if (!isRightOf(kind, right)) {
      return bad(
        `${JSON.stringify(right)} is not a right of ${kind} (${RESOURCE_CATALOG[kind].rights.join(', ')})`,
      );
    }
    if (right === 'connect' && typeof target !== 'string' && target.match !== 'any')
      return bad(
        'connect is granted only as net:*=connect (the shell sandbox shares the whole network)',
      );
    if (!out.includes(right)) out.push(right);
  }
  return ok(out);
}

/** The canonical text of a pattern (`fs:src/**`). */
export function formatResource(pattern: ResourcePattern): string {
  switch (pattern.match) {
    case 'any':
      return `${pattern.kind}:${RESOURCE_CATALOG[pattern.kind].patterns === 'path' ? '**' : '*'}`;
    case 'subtree':
      if (RESOURCE_CATALOG[pattern.kind].patterns === 'argv')
        return `${pattern.kind}:${pattern.path}`;
      return `${pattern.kind}:${pattern.path === '.' ? '**' : `${pattern.path}/**`}`;
    case 'exact':
      return `${pattern.kind}:${pattern.path}`;
  }
}

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function bad<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}
