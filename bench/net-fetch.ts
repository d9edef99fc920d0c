// net.fetch of a 1 KiB loopback response end to end — decision, intent, pinned request, object
// write, journal — p50/p95 and calls/s, next to a bare http.get of the same response.
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openRuntime } from '../src/open-runtime.js';
import type { QuantumBody } from '../src/runtime/quantum-context.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';
import { createTempDir } from './lib/temp-dir.js';

const BENCH = 'net-fetch';
const BODY = Buffer.alloc(1024, 'x');
const WARM_UP = 20;

/** One sequential caller, `calls` requests each way against one loopback server. */
export async function netFetch(options: BenchOptions): Promise<BenchResult[]> {
  const calls = options.quick ? 200 : 2_000;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.byteLength });
    res.end(BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const setup = `SQLite normal, loopback HTTP/1.1, 1 KiB body, new connection per request, ${calls} sequential calls`;
    const bare = await timeBare(`${origin}/kib`, calls);
    options.log(`net-fetch bare http.get: ${bare.samples.length} calls`);
    const fetched = await timeFetch(`${origin}/kib`, calls);
    options.log(`net-fetch net.fetch: ${fetched.samples.length} calls`);
    return [
      ...rows('bare http.get (agent: false)', bare, setup),
      ...rows('net.fetch end to end', fetched, setup),
    ];
  } finally {
    await close(server);
  }
}

interface Timed {
  readonly samples: number[];
  readonly totalMs: number;
}

async function timeBare(url: string, calls: number): Promise<Timed> {
  const once = (): Promise<void> =>
    new Promise((resolve, reject) => {
      get(url, { agent: false }, (res) => {
        res.on('data', () => undefined);
        res.on('end', resolve);
        res.on('error', reject);
      }).on('error', reject);
    });
  for (let i = 0; i < WARM_UP; i++) await once();
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await once();
    samples.push(performance.now() - t);
  }
  return { samples, totalMs: performance.now() - started };
}

async function timeFetch(url: string, calls: number): Promise<Timed> {
  await using dir = await createTempDir(BENCH);
  const samples: number[] = [];
  let totalMs = 0;
  const body: QuantumBody = async (ctx) => {
    for (let i = 0; i < WARM_UP; i++) await ctx.syscall('net.fetch', { url });
    const started = performance.now();
    for (let i = 0; i < calls; i++) {
      const t = performance.now();
      const result = await ctx.syscall('net.fetch', { url });
      samples.push(performance.now() - t);
      if (result.blocked) throw new Error('net.fetch blocked in the benchmark');
    }
    totalMs = performance.now() - started;
    await ctx.exit(null);
  };
  const workspace = join(dir.path, 'workspace');
  await mkdir(workspace);
  const runtime = await openRuntime({ db: join(dir.path, 'runtime.db'), workspace, body });
  try {
    const process = await runtime.spawn({ imageId: 'base', goal: 'fetch' });
    await runtime.grant({
      subject: process.pid,
      resource: `net:${new URL(url).origin}/**`,
      rights: 'get',
    });
    await runtime.run();
    const state = (await runtime.get(process.pid)).state;
    if (state.kind !== 'exited') throw new Error(`the benchmark process ended ${state.kind}`);
  } finally {
    await runtime.close();
  }
  return { samples, totalMs };
}

function rows(name: string, timed: Timed, setup: string): BenchResult[] {
  const sorted = Float64Array.from(timed.samples).sort();
  const rank = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return [
    { bench: BENCH, name: `${name}: p50`, value: rank(50), unit: 'ms', setup },
    { bench: BENCH, name: `${name}: p95`, value: rank(95), unit: 'ms', setup },
    {
      bench: BENCH,
      name: `${name}: calls/s`,
      value: (timed.samples.length * 1000) / timed.totalMs,
      unit: 'calls/s',
      setup,
    },
  ];
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}
