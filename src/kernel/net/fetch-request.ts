// The request a fetch makes, hop by hop: its method class, the headers a caller may set, and redirects.
import { parseNetUrl, type NetUrl } from './net-url.js';

/** The methods `net.fetch` sends. */
export const FETCH_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** One method. */
export type FetchMethod = (typeof FETCH_METHODS)[number];

/** The `net` right a method needs: `get` reads (GET, HEAD, OPTIONS), `send` changes. */
export function methodRight(method: FetchMethod): 'get' | 'send' {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'get' : 'send';
}

/** Most redirects one fetch follows. */
export const MAX_REDIRECTS = 5;

/** The statuses followed as redirects (when they carry a `Location`). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Whether `status` is a redirect a fetch follows. */
export function isRedirect(status: number): boolean {
  return REDIRECTS.has(status);
}

/**
 * Request headers a caller may not set: the connection's own (`Host`, hop-by-hop headers, the
 * framing), and credentials (`Cookie`, `Authorization`, `Proxy-Authorization`): nothing in the
 * runtime holds credentials for an agent, and a credential an agent read somewhere is exactly
 * what must not leave unchecked.
 */
const REFUSED_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'expect',
  'cookie',
  'cookie2',
  'authorization',
]);

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;

/** Most request headers a caller may set, and the longest value. */
export const MAX_REQUEST_HEADERS = 32;
export const MAX_HEADER_VALUE = 8192;

/**
 * The caller's request headers with lowercase names, or why they are refused (a malformed name,
 * a value with CR, LF or NUL, too many, or a header in the refused set).
 */
export function checkRequestHeaders(
  headers: Readonly<Record<string, string>>,
): { ok: true; value: Readonly<Record<string, string>> } | { ok: false; reason: string } {
  const entries = Object.entries(headers);
  if (entries.length > MAX_REQUEST_HEADERS)
    return { ok: false, reason: `at most ${MAX_REQUEST_HEADERS} headers` };
  const out: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (!TOKEN.test(name)) return { ok: false, reason: 'a header name is not an HTTP token' };
    const lower = name.toLowerCase();
    if (REFUSED_HEADERS.has(lower) || lower.startsWith('proxy-'))
      return { ok: false, reason: `the ${lower} header may not be set` };
    if (/[\r\n\0]/.test(value) || value.length > MAX_HEADER_VALUE)
      return { ok: false, reason: `the ${lower} header has a bad value` };
    if (Object.hasOwn(out, lower)) return { ok: false, reason: `the ${lower} header is repeated` };
    out[lower] = value;
  }
  return { ok: true, value: out };
}

/** Response headers shown to the caller; the rest (cookies above all) are dropped. */
const SHOWN_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-language',
  'content-encoding',
  'content-disposition',
  'last-modified',
  'etag',
  'cache-control',
  'expires',
  'location',
  'retry-after',
  'date',
] as const;

/** The shown response headers, each value bounded and printable. */
export function shownResponseHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SHOWN_RESPONSE_HEADERS) {
    const raw = headers[name];
    if (raw === undefined) continue;
    const value = typeof raw === 'string' ? raw : raw.join(', ');
    out[name] = value.replace(/[^\x20-\x7e]/g, '?').slice(0, 1024);
  }
  return out;
}

/** One hop of a fetch: what is sent where. */
export interface HopRequest {
  readonly method: FetchMethod;
  readonly url: NetUrl;
  /** The caller's headers (checked); dropped when a redirect leaves the origin. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

/** What a redirect leads to. */
export type NextHop =
  | { readonly kind: 'follow'; readonly request: HopRequest }
  | { readonly kind: 'refuse'; readonly reason: string; readonly target: NetUrl | null };

/**
 * The next hop after `current` answered `status` with `location`, or null when the answer is
 * final (not a redirect, or no `Location`). 303 turns any method but HEAD into a body-less GET,
 * 301/302 turn POST into one (as browsers do); otherwise method and body stay. Refused: a
 * location that is not an http(s) URL, a downgrade from https to http, and a body sent on to
 * another origin. Leaving the origin drops the caller's headers. Authority over the target is
 * checked by the caller, as for the first hop.
 */
export function nextHop(
  current: HopRequest,
  response: { readonly status: number; readonly location: string | null },
): NextHop | null {
  if (!isRedirect(response.status) || response.location === null) return null;
  const parsed = parseNetUrl(response.location, { base: current.url });
  if (!parsed.ok)
    return {
      kind: 'refuse',
      reason: `the redirect location is refused: ${parsed.reason}`,
      target: null,
    };
  const url = parsed.value;
  if (current.url.scheme === 'https' && url.scheme === 'http')
    return { kind: 'refuse', reason: 'a redirect from https to http is refused', target: url };
  const becomesGet =
    (response.status === 303 && current.method !== 'HEAD') ||
    ((response.status === 301 || response.status === 302) && current.method === 'POST');
  const method: FetchMethod = becomesGet ? 'GET' : current.method;
  const body = becomesGet ? null : current.body;
  const sameOrigin = url.origin === current.url.origin;
  if (!sameOrigin && body !== null)
    return {
      kind: 'refuse',
      reason: 'a redirect would send the request body to another origin',
      target: url,
    };
  return {
    kind: 'follow',
    request: { method, url, headers: sameOrigin ? current.headers : {}, body },
  };
}
