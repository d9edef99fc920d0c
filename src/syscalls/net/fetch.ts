// net.fetch: one HTTP(S) request under `net` grants, redirects re-checked hop by hop, the body kept as an object.
import { asciiOnly } from '../../base/ascii-only.js';
import { z } from 'zod';
import { abortError, throwIfAborted } from '../../base/abort.js';
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import { MAX_PREVIEW_CHARS } from '../../kernel/approval/types.js';
import type { ResourcePattern } from '../../kernel/capability/resource.js';
import { privateNamespace } from '../../kernel/object/types.js';
import {
  checkRequestHeaders,
  FETCH_METHODS,
  MAX_REDIRECTS,
  methodRight,
  nextHop,
  shownResponseHeaders,
  type HopRequest,
} from '../../kernel/net/fetch-request.js';
import { MAX_URL_LENGTH, parseNetUrl, type NetUrl } from '../../kernel/net/net-url.js';
import { defineSyscall, done, type SyscallRunContext } from '../define-syscall.js';
import { exchange, type Exchanged } from './http-exchange.js';
import { screenAddresses } from './screen-addresses.js';
import { textPreview } from './text-preview.js';

/** Default and largest time one fetch may take, every hop and the body included. */
export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
export const MAX_FETCH_TIMEOUT_MS = 120_000;
/** Default and largest response body kept (the runtime's object payload limit caps it too). */
export const DEFAULT_FETCH_MAX_BYTES = 4 * 1024 * 1024;
export const MAX_FETCH_MAX_BYTES = 16 * 1024 * 1024;
/** Largest request body, in UTF-8 bytes. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
/** Characters of the body shown to the model as a preview. */
export const FETCH_PREVIEW_CHARS = 2048;

const input = z
  .strictObject({
    url: z.string().min(1).max(MAX_URL_LENGTH),
    method: z.enum(FETCH_METHODS).default('GET'),
    headers: z.record(z.string(), z.string()).optional(),
    body: z
      .string()
      .refine((b) => Buffer.byteLength(b, 'utf8') <= MAX_REQUEST_BODY_BYTES, {
        message: `the body is larger than ${MAX_REQUEST_BODY_BYTES} bytes`,
      })
      .optional(),
    timeoutMs: z.number().int().min(1).max(MAX_FETCH_TIMEOUT_MS).default(DEFAULT_FETCH_TIMEOUT_MS),
    maxBytes: z.number().int().min(0).max(MAX_FETCH_MAX_BYTES).default(DEFAULT_FETCH_MAX_BYTES),
  })
  .refine((i) => i.body === undefined || methodRight(i.method) === 'send', {
    message: 'only POST, PUT, PATCH and DELETE carry a body',
    path: ['body'],
  });

/** Input of `net.fetch`. */
export type NetFetchInput = z.infer<typeof input>;

/** Output of `net.fetch`: what the model sees (the body itself is in the object). */
export interface NetFetchOutput {
  /** The URL that answered (after redirects), query included. */
  readonly url: string;
  /** Its capability resource (`https://host/path`, no query). */
  readonly resource: string;
  readonly status: number;
  /** The shown response headers (content type, length, caching; never cookies). */
  readonly headers: Readonly<Record<string, string>>;
  /** The URLs redirected through, in order (resources, no queries). */
  readonly redirects: readonly string[];
  /** The object holding the body (origin `external`), or null when the body was empty. */
  readonly object: string | null;
  readonly size: number;
  readonly sha256: string;
  /** The start of the body as text, or null when it is not UTF-8 text. */
  readonly preview: string | null;
  readonly previewTruncated: boolean;
}

/**
 * `net.fetch`: one HTTP or HTTPS request. Needs `get` (GET, HEAD, OPTIONS) or `send` (POST, PUT,
 * PATCH, DELETE) on `net:<origin><path>`. Each redirect (at most 5) is checked again against the
 * caller's records (an allow that spends nothing; an ask or a one-shot grant does not carry a
 * redirect), and refused when it downgrades https to http or would carry the body to another
 * origin. Each hop resolves its name once and connects to exactly the address checked; an
 * address that is not public (loopback, private, link-local, unique-local, CGNAT, multicast,
 * unspecified, reserved, or an IPv6 form of one) is refused unless the allowing record names the
 * host (any pattern but `net:*`). The body, bounded by `maxBytes`, becomes an object in the
 * caller's private namespace with origin `external` and source `net:<url>`.
 * @throws INVALID_INPUT (bad URL or headers), NOT_PERMITTED (address blocked, redirect refused),
 *   OUT_OF_RANGE (too large), DEADLINE_EXCEEDED (timeoutMs passed), NETWORK_FAILED, CANCELLED
 */
export const netFetch = defineSyscall<NetFetchInput, NetFetchOutput>({
  name: 'net.fetch',
  summary: 'Fetch a URL over HTTP(S); the response body is stored as an untrusted object.',
  input,
  effect: 'external',
  resources: (args) => [
    { resource: { kind: 'net', path: requestUrl(args).resource }, right: methodRight(args.method) },
  ],
  exit: (args) => ({ kind: 'net', target: requestUrl(args).origin }),
  received: (_args, output) => ({ resources: [`net:${output.resource}`], origins: ['external'] }),
  approval: (args) => {
    const body = args.body === undefined ? '' : ` with a ${Buffer.byteLength(args.body)}-byte body`;
    return `${args.method} ${asciiOnly(requestUrl(args).href).slice(0, 2048)}${body}`;
  },
  preview: (args) => {
    const bytes = args.body === undefined ? 0 : Buffer.byteLength(args.body);
    return {
      kind: 'request',
      method: args.method,
      url: requestUrl(args).href,
      text: args.body === undefined ? null : args.body.slice(0, MAX_PREVIEW_CHARS),
      truncated: args.body !== undefined && args.body.length > MAX_PREVIEW_CHARS,
      bytes,
      sha256: sha256Hex(args.body ?? ''),
    };
  },
  // The requested URL is the call's `resource` (no query: its hash only); after redirects, the
  // final resource too, shortened like every journaled string (its hash says which it was).
  journal: (args, output) => {
    const url = requestUrl(args);
    return {
      method: args.method,
      ...(url.search === '' ? {} : { querySha256: sha256Hex(url.search) }),
      requestBytes: args.body === undefined ? 0 : Buffer.byteLength(args.body),
      ...(args.body === undefined ? {} : { requestSha256: sha256Hex(args.body) }),
      redirects: output.redirects.length,
      ...(output.redirects.length === 0
        ? {}
        : { final: shortened(output.resource), finalSha256: sha256Hex(output.resource) }),
      status: output.status,
      object: output.object,
      size: output.size,
      sha256: output.sha256,
    };
  },
  async run(args, ctx) {
    const first = requestUrl(args);
    const attempted = `Fetching ${args.method} ${first.resource}`;
    throwIfAborted(ctx.signal, attempted);
    const headers = checkRequestHeaders(args.headers ?? {});
    if (!headers.ok)
      throw new LibosError('INVALID_INPUT', `${attempted} failed: ${headers.reason}`);
    const maxBytes = Math.min(args.maxBytes, ctx.kernel.objects.maxPayloadBytes);
    const timer = new AbortController();
    const timeout = setTimeout(() => {
      timer.abort(
        new LibosError(
          'DEADLINE_EXCEEDED',
          `${attempted} failed: it took longer than ${args.timeoutMs} ms`,
          {
            details: { timeoutMs: args.timeoutMs },
          },
        ),
      );
    }, args.timeoutMs);
    const signal = AbortSignal.any([ctx.signal, timer.signal]);
    try {
      let request: HopRequest = {
        method: args.method,
        url: first,
        headers: headers.value,
        body: args.body ?? null,
      };
      const redirects: string[] = [];
      for (let hop = 0; ; hop++) {
        const response = await sendHop(ctx, request, { hop, signal, maxBytes, attempted });
        const next = nextHop(request, response);
        if (next === null) return done(await keep(ctx, request.url, response, redirects));
        if (next.kind === 'refuse') throw refused(attempted, next.reason, next.target);
        if (hop + 1 > MAX_REDIRECTS)
          throw refused(attempted, `more than ${MAX_REDIRECTS} redirects`, next.request.url);
        redirects.push(request.url.resource);
        request = next.request;
      }
    } catch (error) {
      throw ctx.signal.aborted
        ? abortError(ctx.signal, attempted)
        : timer.signal.aborted
          ? (timer.signal.reason as LibosError)
          : error;
    } finally {
      clearTimeout(timeout);
    }
  },
});

// One hop: authority (the pipeline decided the first), the name resolved once, the address
// screened, the request sent to exactly that address.
async function sendHop(
  ctx: SyscallRunContext,
  request: HopRequest,
  options: { hop: number; signal: AbortSignal; maxBytes: number; attempted: string },
): Promise<Exchanged> {
  const { url } = request;
  const right = methodRight(request.method);
  let granted: ResourcePattern | null;
  if (options.hop === 0) granted = ctx.granted?.[0] ?? null;
  else {
    const decision = await ctx.kernel.decideNeed(
      { resource: { kind: 'net', path: url.resource }, right },
      { callHash: ctx.callHash },
    );
    if (decision.effect !== 'allow' || decision.oneShot)
      throw refused(options.attempted, `no capability allows ${right} on the redirect target`, url);
    granted = decision.record.resource;
  }
  const addresses =
    url.hostKind === 'name'
      ? await untilAborted(
          ctx.kernel.resolveHost(url.host, { signal: options.signal }),
          options.signal,
        )
      : [
          {
            address: url.host.replace(/^\[|\]$/g, ''),
            family: url.hostKind === 'ipv4' ? 4 : 6,
          } as const,
        ];
  if (addresses.length === 0)
    throw new LibosError(
      'NETWORK_FAILED',
      `${options.attempted} failed: the host name resolved to no address`,
    );
  const screened = screenAddresses(addresses, {
    namesHost: granted !== null && granted.match !== 'any',
  });
  if (!screened.ok)
    throw new LibosError(
      'NOT_PERMITTED',
      `${options.attempted} was refused: ${url.origin} ${screened.reason}; only a grant naming the host (net:${url.origin}/…, not net:*) reaches such addresses`,
      { details: { reason: 'blocked-address', url: url.resource } },
    );
  return exchange(request, {
    address: screened.address,
    maxBytes: options.maxBytes,
    signal: options.signal,
    attempted: options.attempted,
    onSend: () => {
      ctx.effectStarted({ hops: options.hop + 1 });
    },
  });
}

/** SHA-256 of no bytes: the hash of an empty body, which is kept as no object. */
const EMPTY_SHA256 = sha256Hex('');

// The final response: its body as an object of the caller (when not empty), and the model's view.
async function keep(
  ctx: SyscallRunContext,
  url: NetUrl,
  response: Exchanged,
  redirects: readonly string[],
): Promise<NetFetchOutput> {
  let object: string | null = null;
  // The object's version carries the body's hash; only an empty body (no object) is hashed here.
  let digest = EMPTY_SHA256;
  if (response.body.byteLength > 0) {
    const snapshot = await ctx.kernel.objects.create({
      namespace: privateNamespace(ctx.pid),
      name: `fetch-${ctx.callKey.slice(0, 16)}`,
      type: 'http-response',
      schema: null,
      content: { bytes: response.body, fromExternal: `net:${url.resource}` },
    });
    object = snapshot.object.id;
    digest = snapshot.version.sha256;
  }
  const preview = textPreview(response.body, FETCH_PREVIEW_CHARS);
  return {
    url: url.href,
    resource: url.resource,
    status: response.status,
    headers: shownResponseHeaders(response.headers),
    redirects,
    object,
    size: response.body.byteLength,
    sha256: digest,
    preview: preview.text,
    previewTruncated: preview.truncated,
  };
}

// The input's URL, parsed (resources, approval and the body all read it the same way).
function requestUrl(args: NetFetchInput): NetUrl {
  const parsed = parseNetUrl(args.url);
  if (!parsed.ok) throw new LibosError('INVALID_INPUT', `Fetching a URL failed: ${parsed.reason}`);
  return parsed.value;
}

function refused(attempted: string, reason: string, target: NetUrl | null): LibosError {
  return new LibosError('NOT_PERMITTED', `${attempted} was refused: ${reason}`, {
    details: { reason: 'redirect-refused', target: target?.resource ?? null },
  });
}

// A resolver that ignores the signal (getaddrinfo cannot be cancelled) still ends the wait.
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}

function shortened(text: string): string {
  return text.length <= 160 ? text : `${text.slice(0, 159)}…`;
}
