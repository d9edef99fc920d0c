// `net` patterns: `scheme://host[:port]/path`, with the path exact, a `dir/**` subtree or `/**`.
import { parseNetUrl } from '../net/net-url.js';
import type { ResourceKind } from './catalog.js';

/** A parsed `net` pattern, as `resource.ts` holds patterns. */
export type UrlPattern =
  | { readonly kind: ResourceKind; readonly match: 'exact'; readonly path: string }
  | { readonly kind: ResourceKind; readonly match: 'subtree'; readonly path: string };

/**
 * Parses the pattern part of `net:<scheme>://<host>[:port]/<path-pattern>`. Scheme and host are
 * exact (no host wildcards: `net:*` is the only pattern over every host); the scheme's default
 * port is implied (`https://a.example/**` and `https://a.example:443/**` are one pattern); the
 * path is exact (`/a/b`), a subtree (`/a/**`, which also covers `/a`) or the whole origin (`/**`),
 * canonicalised as request paths are (escapes of unreserved characters decoded, `.`/`..`
 * resolved). Held with `path` = origin + path; a subtree's path has no trailing `/`, and the whole
 * origin is a subtree at the bare origin, so the generic `/`-boundary matching is exact here too.
 */
export function parseUrlPattern(
  kind: ResourceKind,
  pattern: string,
): { ok: true; value: UrlPattern } | { ok: false; reason: string } {
  const scheme = /^(https?):\/\//i.exec(pattern);
  if (scheme === null)
    return bad(`a ${kind} pattern is * or scheme://host[:port]/path (http or https)`);
  const rest = pattern.slice(scheme[0].length);
  const slash = rest.indexOf('/');
  if (slash <= 0)
    return bad(
      'name a path after the host: /** for the whole origin, /dir/** for a subtree, /page for one path',
    );
  const authority = rest.slice(0, slash);
  const pathPattern = rest.slice(slash);
  if (/[?#]/.test(pathPattern)) return bad('a pattern names no query or fragment');
  if (authority.includes('@')) return bad('a pattern may not carry credentials');
  const subtree = pathPattern.endsWith('/**');
  const base = subtree ? pathPattern.slice(0, -3) : pathPattern;
  if (/[*?[\]{}]/.test(authority.replace(/^\[[0-9A-Fa-f:.]+\]/, '')) || /[*[\]{}]/.test(base))
    return bad('wildcards are allowed only as a trailing /** of the path (net:* for every host)');
  const url = parseNetUrl(`${scheme[0].toLowerCase()}${authority}${base === '' ? '/' : base}`);
  if (!url.ok) return bad(url.reason);
  const { origin, path } = url.value;
  if (!subtree) return { ok: true, value: { kind, match: 'exact', path: `${origin}${path}` } };
  const root = path.replace(/\/+$/, '');
  return { ok: true, value: { kind, match: 'subtree', path: `${origin}${root}` } };
}

function bad(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
