// Test rig for net.fetch: loopback HTTP servers started by the test, a runtime whose processes
// fetch what their goal lists, and a scripted resolver that records every name it is asked.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { isLibosError, type LibosError } from '../../src/base/errors.js';
import type { Pid } from '../../src/base/ids.js';
import type { ResolvedAddress } from '../../src/ports/host-resolver.js';
import type { QuantumBody } from '../../src/runtime/quantum-context.js';
import type { NetFetchOutput } from '../../src/syscalls/net/fetch.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';
import { fetchUrl } from '../../src/tools/net/fetch-url.js';

/** One request a loopback server received. */
export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly host: string | undefined;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A loopback server with its port and the requests it saw. */
export interface Loopback {
  readonly port: number;
  readonly seen: Seen[];
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
}

type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** The routes every rig server answers. */
const ROUTES: Readonly<Record<string, Route>> = {
  '/page': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': 'session=1' });
    res.end('hello from loopback');
  },
  '/kib': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('x'.repeat(1024));
  },
  '/big': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 65536 });
    res.end(Buffer.alloc(65536, 7));
  },
  '/big-chunked': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    for (let i = 0; i < 64; i++) res.write('y'.repeat(1024));
    res.end();
  },
  // Never answers: the fetch's own deadline must end it (the server closes it in afterAll).
  '/slow': () => undefined,
  '/echo': (req, res, body) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, body, headers: req.headers }));
  },
  '/redirect': (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.writeHead(Number(url.searchParams.get('status') ?? 302), {
      location: url.searchParams.get('to') ?? '/page',
    });
    res.end('moved');
  },
};

/** Starts one loopback server; it is closed (connections too) in the suite's afterAll. */
export function useLoopback(): Loopback {
  const seen: Seen[] = [];
  const state = { port: 0 };
  let server: Server | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          host: req.headers.host,
          headers: req.headers,
          body,
        });
        const route = ROUTES[new URL(req.url ?? '/', 'http://x').pathname];
        if (route === undefined) {
          res.writeHead(404);
          res.end('no such page');
        } else route(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    state.port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => {
      if (server === undefined) resolve();
      else
        server.close(() => {
          resolve();
        });
    });
  });
  return {
    get port() {
      return state.port;
    },
    get origin() {
      return `http://127.0.0.1:${state.port}`;
    },
    seen,
  };
}

/** What one fetch of a process gave: its output or its error. */
export type Outcome =
  | { readonly ok: true; readonly value: NetFetchOutput }
  | { readonly ok: false; readonly error: LibosError };

/** A goal item `{ tool: args }` runs the `fetch_url` tool instead of the syscall. */
function isToolCall(input: unknown): input is { tool: { url: string } } {
  return typeof input === 'object' && input !== null && 'tool' in input;
}

/** A runtime whose processes run the fetch inputs their goal lists (JSON), in order. */
export interface NetRig {
  readonly t: () => TempRuntime;
  /** Answers the resolver gives, per name: each call takes the next list (the last repeats). */
  readonly answers: Map<string, (readonly string[])[]>;
  /** Every name the resolver was asked, in order. */
  readonly asked: string[];
  /** Spawns a process with `grants`, runs it to its end, returns its outcomes. */
  fetchAs(
    grants: readonly { resource: string; rights: string; effect?: 'allow' | 'ask' | 'deny' }[],
    inputs: readonly unknown[],
  ): Promise<{ pid: Pid; outcomes: Outcome[] }>;
}

/** A runtime for the suite (closed in afterAll) with a scripted resolver. */
export function useNetRig(): NetRig {
  const answers = new Map<string, (readonly string[])[]>();
  const asked: string[] = [];
  const outcomes = new Map<string, Outcome[]>();
  let temp: TempRuntime | undefined;
  const body: QuantumBody = async (ctx) => {
    const inputs = JSON.parse(ctx.process.goal) as unknown[];
    const done = outcomes.get(ctx.pid) ?? [];
    outcomes.set(ctx.pid, done);
    for (const input of inputs.slice(done.length)) {
      try {
        const result = isToolCall(input)
          ? await fetchUrl.run(input.tool, {
              syscall: (name, args) => ctx.syscall(name, args, { callId: `tool-${done.length}` }),
            })
          : await ctx.syscall('net.fetch', input, { callId: `fetch-${done.length}` });
        if (result.blocked) return;
        done.push({ ok: true, value: result.value as NetFetchOutput });
      } catch (error) {
        if (!isLibosError(error)) throw error;
        done.push({ ok: false, error });
      }
    }
    await ctx.exit(null);
  };
  beforeAll(async () => {
    temp = await createTempRuntime({
      body,
      resolveHost: (name) => {
        asked.push(name);
        const list = answers.get(name);
        if (list === undefined || list.length === 0) return Promise.resolve([]);
        const next = list.length > 1 ? (list.shift() ?? []) : (list[0] ?? []);
        return Promise.resolve(
          next.map((address): ResolvedAddress => ({
            address,
            family: address.includes(':') ? 6 : 4,
          })),
        );
      },
    });
  });
  afterAll(async () => {
    await temp?.[Symbol.asyncDispose]();
  });
  const t = (): TempRuntime => {
    if (temp === undefined) throw new Error('the rig is not started');
    return temp;
  };
  return {
    t,
    answers,
    asked,
    async fetchAs(grants, inputs) {
      const runtime = t().runtime;
      const process = await runtime.spawn({ imageId: 'base', goal: JSON.stringify(inputs) });
      for (const g of grants) await runtime.grant({ subject: process.pid, ...g });
      await runtime.run({ signal: AbortSignal.timeout(60_000) });
      return { pid: process.pid, outcomes: outcomes.get(process.pid) ?? [] };
    },
  };
}
