// A real HTTP server on 127.0.0.1 that records requests and answers as a model API would.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server received, with its JSON body parsed. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/**
 * One step of a streamed body: bytes written as their own chunk, a wait until `wait` settles
 * (so a test can see what arrived so far), or a cut (the socket is destroyed mid-body).
 */
export type StreamStep =
  string | Buffer | { readonly wait: Promise<unknown> } | { readonly cut: true };

/** How the server answers one request. */
export type LoopbackReply =
  | { readonly status: number; readonly json: unknown; readonly headers?: Record<string, string> }
  | {
      readonly status: number;
      readonly text: string;
      readonly contentType: string;
      readonly headers?: Record<string, string>;
    }
  /** Never answers at all. */
  | { readonly hang: true }
  /** Sends 200 headers and half a body, then nothing more. */
  | { readonly stall: true }
  /** A chunked body (Server-Sent Events by default) written step by step, then ended. */
  | {
      readonly stream: readonly StreamStep[];
      readonly status?: number;
      readonly contentType?: string;
    };

/** A running loopback server; disposing it closes every connection. */
export interface LoopbackServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Resolves once `count` requests have arrived. */
  received(count: number): Promise<void>;
}

/** Starts a server on an ephemeral loopback port answering every request with `answer`. */
export async function startLoopbackServer(
  answer: (request: RecordedRequest) => LoopbackReply,
): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(request);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) waiter.resolve();
      const reply = answer(request);
      if ('hang' in reply) return;
      if ('stall' in reply) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id": "half a bo');
        return;
      }
      if ('stream' in reply) {
        res.writeHead(reply.status ?? 200, {
          'content-type': reply.contentType ?? 'text/event-stream',
        });
        void writeSteps(res, reply.stream);
        return;
      }
      if ('json' in reply) {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.json));
      } else {
        res.writeHead(reply.status, { 'content-type': reply.contentType, ...reply.headers });
        res.end(reply.text);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    received(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

/** A loopback port nothing listens on (a server is started and closed to find one). */
export async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

/** Writes each step as its own chunk (a turn of the event loop between), then ends the body. */
async function writeSteps(res: ServerResponse, steps: readonly StreamStep[]): Promise<void> {
  for (const step of steps) {
    if (res.destroyed) return;
    if (typeof step === 'string' || Buffer.isBuffer(step)) {
      res.write(step);
      await new Promise((resolve) => setImmediate(resolve));
    } else if ('wait' in step) {
      await step.wait.catch(() => undefined);
    } else {
      res.socket?.destroy();
      return;
    }
  }
  res.end();
}
