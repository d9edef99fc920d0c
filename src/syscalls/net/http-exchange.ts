// One HTTP request and its response over a socket pinned to an address that was already checked.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { LibosError } from '../../base/errors.js';
import { isRedirect, type HopRequest } from '../../kernel/net/fetch-request.js';
import type { ResolvedAddress } from '../../ports/host-resolver.js';

/** A response: status, raw headers and the body (empty for a redirect, which is not read). */
export interface Exchanged {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly location: string | null;
  readonly body: Buffer;
}

/**
 * Sends `request` to `address` (the socket never resolves the name again: a pinned `lookup`
 * answers with the checked address, while the Host header and TLS SNI keep the name), with no
 * connection reuse, and reads the body up to `maxBytes`. A redirect's body is not read.
 * `onSend` runs right before the request leaves (the effect begins).
 * @throws OUT_OF_RANGE (body larger than maxBytes), NETWORK_FAILED, and whatever `signal` aborts with
 */
export function exchange(
  request: HopRequest,
  options: {
    readonly address: ResolvedAddress;
    readonly maxBytes: number;
    readonly signal: AbortSignal;
    readonly attempted: string;
    readonly onSend: () => void;
  },
): Promise<Exchanged> {
  const { url } = request;
  const hostname = url.hostKind === 'ipv6' ? url.host.slice(1, -1) : url.host;
  const body = request.body === null ? null : Buffer.from(request.body, 'utf8');
  const headers: Record<string, string> = {
    'user-agent': 'agent-libos',
    ...request.headers,
    // Bodies are kept as sent: a caller cannot ask for a compressed one.
    'accept-encoding': 'identity',
    host: url.origin.slice(url.scheme.length + 3),
    connection: 'close',
  };
  if (body !== null) {
    headers['content-length'] = String(body.byteLength);
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  const transport = url.scheme === 'https' ? https : http;
  return new Promise<Exchanged>((resolve, reject) => {
    const fail = (error: unknown): void => {
      reject(
        options.signal.aborted ? (options.signal.reason as Error) : networkError(error, options),
      );
    };
    options.onSend();
    const req = transport.request(
      {
        method: request.method,
        hostname,
        port: url.port,
        path: `${url.path}${url.search}`,
        headers,
        agent: false,
        lookup: pinnedLookup(hostname, options.address),
        signal: options.signal,
        ...(url.scheme === 'https' && url.hostKind === 'name' ? { servername: hostname } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = typeof res.headers.location === 'string' ? res.headers.location : null;
        const done = (buffer: Buffer): void => {
          resolve({ status, headers: res.headers, location, body: buffer });
        };
        if (isRedirect(status) && location !== null) {
          res.destroy();
          done(Buffer.alloc(0));
          return;
        }
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (declared > options.maxBytes) {
          reject(tooLarge(options));
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let total = 0;
        res.on('data', (chunk: Buffer) => {
          total += chunk.byteLength;
          if (total > options.maxBytes) {
            reject(tooLarge(options));
            res.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          done(Buffer.concat(chunks, total));
        });
        res.on('error', fail);
        res.on('aborted', () => {
          fail(new Error('aborted'));
        });
      },
    );
    req.on('error', fail);
    req.end(body ?? undefined);
  });
}

// Answers every lookup of `expected` with the one checked address, in either callback form
// (`all: true` is what Node's happy-eyeballs connect asks for).
function pinnedLookup(expected: string, address: ResolvedAddress): LookupFunction {
  return (hostname, options, callback) => {
    if (hostname !== expected) {
      callback(new Error('unexpected lookup'), '', 0);
      return;
    }
    if (options.all === true)
      (callback as unknown as (e: null, all: ResolvedAddress[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
}

function tooLarge(options: { maxBytes: number; attempted: string }): LibosError {
  return new LibosError(
    'OUT_OF_RANGE',
    `${options.attempted} failed: the response is larger than ${options.maxBytes} bytes`,
    { details: { maxBytes: options.maxBytes } },
  );
}

// What went wrong, in words that name no address, resolver or TLS library.
function networkError(error: unknown, options: { attempted: string }): LibosError {
  const code = (error as { code?: unknown } | null)?.code;
  const text = typeof code === 'string' ? code : '';
  const why =
    text === 'ECONNREFUSED'
      ? 'the connection was refused'
      : text === 'ECONNRESET' || text === 'EPIPE'
        ? 'the connection was reset'
        : text === 'ETIMEDOUT' || text === 'EHOSTUNREACH' || text === 'ENETUNREACH'
          ? 'the host could not be reached'
          : text.startsWith('HPE_') || text === 'ERR_INVALID_HTTP_RESPONSE'
            ? 'the response was not valid HTTP'
            : /CERT|TLS|SSL/.test(text)
              ? 'the TLS handshake failed (the certificate is not trusted for this name)'
              : 'the connection failed';
  return new LibosError('NETWORK_FAILED', `${options.attempted} failed: ${why}`, {
    cause: error,
  });
}
