// A request URL as the runtime checks and sends it: scheme, canonical host, port, path, query.
import { findHiddenCharacter } from '../../base/find-hidden-character.js';

/** The schemes `net` resources name. */
export const NET_SCHEMES = ['http', 'https'] as const;

/** One scheme. */
export type NetScheme = (typeof NET_SCHEMES)[number];

/** The port a scheme implies when a URL names none. */
export const DEFAULT_PORTS: Readonly<Record<NetScheme, number>> = { http: 80, https: 443 };

/** Longest URL accepted, in characters. */
export const MAX_URL_LENGTH = 8192;

/** A parse result: the value or why the text is not acceptable. */
export type UrlParse<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** A parsed URL, canonical: two spellings of one address give equal fields. */
export interface NetUrl {
  readonly scheme: NetScheme;
  /**
   * The host as the WHATWG URL parser gives it, with any trailing dot removed: a lowercase DNS
   * name (IDNA names in punycode), a dotted IPv4 address (every numeric form — `2130706433`,
   * `0x7f.1`, `0177.0.0.1` — comes out as `127.0.0.1`) or a bracketed, compressed IPv6 address.
   */
  readonly host: string;
  readonly hostKind: 'name' | 'ipv4' | 'ipv6';
  /** The port connected to (the scheme's default when the URL names none). */
  readonly port: number;
  /** `scheme://host[:port]`, the default port left out. */
  readonly origin: string;
  /** The path, starting with `/`, percent-escapes normalised (see `canonicalPath`). */
  readonly path: string;
  /** `?…`, or `''` when there is no query. */
  readonly search: string;
  /** What capabilities are checked on: `origin` + `path` (never the query). */
  readonly resource: string;
  /** What is requested: `origin` + `path` + `search` (no fragment, never credentials). */
  readonly href: string;
}

/**
 * Parses `text` (relative to `options.base`, for a redirect's `Location`) as an http or https URL
 * and canonicalises it. Refused: other schemes, credentials (`user:pass@`), port 0, an empty host,
 * control and invisible format characters, and paths holding an encoded `/`, `\` or NUL (a server
 * decoding them would see another path than the one checked).
 */
export function parseNetUrl(text: string, options: { base?: NetUrl } = {}): UrlParse<NetUrl> {
  if (text.length > MAX_URL_LENGTH) return bad(`the URL is longer than ${MAX_URL_LENGTH}`);
  const hidden = findHiddenCharacter(text, { allowLineBreaks: false });
  if (hidden !== null) return bad(`the URL contains ${hidden}`);
  let url: URL;
  try {
    url = new URL(text, options.base?.href);
  } catch {
    return bad('it is not an absolute http or https URL');
  }
  const scheme = url.protocol.slice(0, -1);
  if (!isScheme(scheme)) return bad('only http and https URLs are fetched');
  if (url.username !== '' || url.password !== '')
    return bad('a URL may not carry credentials (user:password@)');
  const host = url.hostname.endsWith('.') ? url.hostname.slice(0, -1) : url.hostname;
  if (host === '' || host.endsWith('.')) return bad('the URL names no host');
  if (/[*?[\]{}]/.test(host.replace(/^\[|\]$/g, ''))) return bad('the host contains a wildcard');
  const port = url.port === '' ? DEFAULT_PORTS[scheme] : Number(url.port);
  if (port === 0) return bad('port 0 cannot be connected to');
  const path = canonicalPath(url.pathname);
  if (path === null)
    return bad('the path holds an encoded /, \\ or NUL (%2F, %5C, %00), or a dot segment');
  const origin = `${scheme}://${host}${port === DEFAULT_PORTS[scheme] ? '' : `:${port}`}`;
  const search = url.search;
  return {
    ok: true,
    value: {
      scheme,
      host,
      hostKind: host.startsWith('[') ? 'ipv6' : /^\d+\.\d+\.\d+\.\d+$/.test(host) ? 'ipv4' : 'name',
      port,
      origin,
      path,
      search,
      resource: `${origin}${path}`,
      href: `${origin}${path}${search}`,
    },
  };
}

/**
 * The path with escapes of unreserved characters decoded and the others upper-cased (RFC 3986
 * §6.2.2), so `/%61dmin` and `/admin` are one path to capabilities as they are to servers; null
 * when an escape decodes to `/`, `\` or NUL, or a segment is `.` or `..` after decoding.
 */
export function canonicalPath(pathname: string): string | null {
  if (/%(2f|5c|00)/i.test(pathname) || pathname.includes('\\')) return null;
  const path = pathname.replace(/%([0-9a-fA-F]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${hex.toUpperCase()}`;
  });
  const segments = path.split('/');
  if (segments.some((s) => s === '.' || s === '..')) return null;
  return path.startsWith('/') ? path : `/${path}`;
}

function isScheme(text: string): text is NetScheme {
  return (NET_SCHEMES as readonly string[]).includes(text);
}

function bad<T>(reason: string): UrlParse<T> {
  return { ok: false, reason };
}
