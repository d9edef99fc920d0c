// One HTTP request over a kept-alive loopback connection, timed from request to the body's end.
import { Agent, request } from 'node:http';

/** A timed answer: the status, the body text and the request → last byte time in ms. */
export interface TimedAnswer {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

/** An agent with one kept-alive socket, so sequential calls reuse one connection like a client would. */
export function createKeepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
}

/**
 * Sends `method path` with the bearer token (and a JSON body) to `url` through `agent` and
 * resolves once the whole response body is read.
 */
export function timedCall(
  url: string,
  call: { method: string; path: string; token: string; body?: unknown },
  options: { agent: Agent },
): Promise<TimedAnswer> {
  const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
  const target = new URL(call.path, url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: call.method,
        agent: options.agent,
        headers: {
          authorization: `Bearer ${call.token}`,
          ...(payload === undefined
            ? {}
            : {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
              }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
