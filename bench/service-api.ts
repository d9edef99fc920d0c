// The runtime as a service: HTTP API latency (list, decide) over loopback, and SSE fan-out to many subscribers.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../src/base/canonical-json.js';
import { openRuntime } from '../src/open-runtime.js';
import type { RequestId } from '../src/kernel/approval/types.js';
import type { Runtime } from '../src/runtime/runtime.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import type { BenchOptions, BenchResult } from './lib/bench-result.js';
import { countStates } from './lib/count-states.js';
import { describeLoad } from './lib/describe-load.js';
import { createKeepAliveAgent, timedCall } from './lib/http-call.js';
import { describeLatency, latencyResults, summarizeLatency } from './lib/latency.js';
import { createTempDir } from './lib/temp-dir.js';
import type { Body } from './lib/workload-body.js';
import { measureFanout } from './service-api-fanout.js';

const BENCH = 'service-api';
const SPAWN_IN_FLIGHT = 64;
const LIST_PAGE = 100;

/** Sizes for a full run and for `--quick`. */
const SIZES = {
  full: { processes: 1_000, warmup: 200, gets: 2_000, entries: 10_000, subscribers: 10 },
  quick: { processes: 200, warmup: 50, gets: 300, entries: 2_000, subscribers: 10 },
} as const;

type Sizes = (typeof SIZES)[keyof typeof SIZES];

/** Each process asks its owner one question, then exits with the answer. */
const askerBody: Body = async (ctx) => {
  const result = await ctx.syscall('human.ask', { question: `May ${ctx.process.pid} go on?` });
  if (!result.blocked) await ctx.exit(result.value as Json);
};

/**
 * Opens a runtime (SQLite WAL, synchronous=NORMAL) with N processes each waiting on a question,
 * serves its API on loopback TCP with the scheduler running on, and measures, one request at a
 * time from this process: `GET /api/processes?limit=100`, then deciding every question through
 * `POST /api/approvals/{id}/decision`; then SSE fan-out of committed journal entries to 10
 * subscribers in a child process (see `service-api-fanout.ts`). Throws if a subscriber misses,
 * repeats or reorders an entry.
 */
export async function serviceApi(options: BenchOptions): Promise<BenchResult[]> {
  const sizes = options.quick ? SIZES.quick : SIZES.full;
  await using dir = await createTempDir('service');
  const workspace = join(dir.path, 'workspace');
  mkdirSync(workspace);
  const dbPath = join(dir.path, 'state', 'runtime.db');
  const rt = await openRuntime({ workspace, db: dbPath, durability: 'normal', body: askerBody });
  try {
    options.log(`${BENCH}: ${sizes.processes} processes asking a question each`);
    await spawnAskers(rt, sizes.processes);
    const server = await startServer(rt, {
      stateDirectory: join(dir.path, 'state'),
      dbPath,
      tcp: { host: '127.0.0.1', port: 0 },
      version: 'bench',
    });
    const stop = new AbortController();
    const running = rt.run({ forever: true, signal: stop.signal });
    try {
      const base = `SQLite WAL, synchronous=NORMAL, node ${process.version}, loopback HTTP, client in the bench process, scheduler running`;
      return [
        ...(await measureList(rt, server, { ...options, sizes, base })),
        ...(await measureDecisions(rt, server, { ...options, sizes, base })),
        ...(await measureFanout(rt, server, {
          ...options,
          entries: sizes.entries,
          subscribers: sizes.subscribers,
          base: `SQLite WAL, synchronous=NORMAL, node ${process.version}, ${sizes.processes.toLocaleString('en-US')} processes in the store`,
        })),
      ];
    } finally {
      stop.abort();
      await running;
      await server.close();
    }
  } finally {
    await rt.close();
  }
}

interface PhaseOptions extends BenchOptions {
  readonly sizes: Sizes;
  readonly base: string;
}

/** Spawns `count` askers with `human:owner ask` and runs them until each waits on its question. */
async function spawnAskers(rt: Runtime, count: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const { pid } = await rt.spawn({ imageId: 'base', goal: 'ask' });
      await rt.grant({ subject: pid, resource: 'human:owner', rights: 'ask' });
    }
  };
  await Promise.all(Array.from({ length: SPAWN_IN_FLIGHT }, worker));
  await rt.run();
  const pending = await pendingRequests(rt);
  const states = await countStates(rt.store);
  if (pending.length !== count || states.waiting !== count)
    throw new Error(
      `Service setup failed: ${pending.length} pending questions, states ${JSON.stringify(states)}`,
    );
}

async function pendingRequests(rt: Runtime): Promise<RequestId[]> {
  const ids: RequestId[] = [];
  for (;;) {
    const last = ids.at(-1);
    const page = await rt.requests({
      states: ['pending'],
      limit: 500,
      ...(last === undefined ? {} : { afterId: last }),
    });
    ids.push(...page.map((r) => r.id));
    if (page.length < 500) return ids;
  }
}

async function measureList(
  rt: Runtime,
  server: RunningServer,
  options: PhaseOptions,
): Promise<BenchResult[]> {
  const { sizes } = options;
  const url = serverUrl(server);
  const agent = createKeepAliveAgent();
  const path = `/api/processes?limit=${LIST_PAGE}`;
  options.log(`${BENCH}: GET ${path}, ${sizes.warmup} warm-up + ${sizes.gets} measured`);
  try {
    const first = await timedCall(url, { method: 'GET', path, token: server.token }, { agent });
    const items = (JSON.parse(first.body) as { items?: unknown[] }).items?.length;
    if (first.status !== 200 || items !== LIST_PAGE)
      throw new Error(`GET ${path} answered ${first.status} with ${items ?? 'no'} items`);
    const times = await sequentialCalls(sizes.warmup + sizes.gets, async () => {
      const answer = await timedCall(url, { method: 'GET', path, token: server.token }, { agent });
      if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
      return answer.ms;
    });
    const summary = summarizeLatency(times.slice(sizes.warmup));
    options.log(`${BENCH}: list ${describeLatency(summary)}`);
    return latencyResults(
      `GET ${path}, ${count(sizes.processes)} processes in the store`,
      summary,
      {
        setup: `${options.base} (idle: all ${count(sizes.processes)} wait on a question); ${first.body.length} B answer; one kept-alive connection, sequential; ${sizes.warmup} warm-up requests; ${describeLatency(summary)}; ${describeLoad()}`,
        bench: BENCH,
      },
    );
  } finally {
    agent.destroy();
  }
}

async function measureDecisions(
  rt: Runtime,
  server: RunningServer,
  options: PhaseOptions,
): Promise<BenchResult[]> {
  const url = serverUrl(server);
  const agent = createKeepAliveAgent();
  const ids = await pendingRequests(rt);
  options.log(`${BENCH}: deciding ${ids.length} questions one by one`);
  try {
    const started = performance.now();
    const times = await sequentialCalls(ids.length, async (i) => {
      const path = `/api/approvals/${ids[i] ?? ''}/decision`;
      const body = { answer: 'yes' };
      const answer = await timedCall(
        url,
        { method: 'POST', path, token: server.token, body },
        { agent },
      );
      if (answer.status !== 200)
        throw new Error(`POST ${path} answered ${answer.status}: ${answer.body}`);
      return answer.ms;
    });
    const decidedMs = performance.now() - started;
    const exitedAtEnd = (await countStates(rt.store)).exited ?? 0;
    const allExitedMs = (await waitForExits(rt, ids.length)) - started;
    const summary = summarizeLatency(times);
    options.log(`${BENCH}: decide ${describeLatency(summary)}`);
    return latencyResults(
      `POST /api/approvals/{id}/decision (question), ${count(ids.length)} waiting processes`,
      summary,
      {
        setup: `${options.base} (each decided process resumes and exits while the next request runs); one kept-alive connection, sequential, no warm-up beyond the list phase; ${describeLatency(summary)}; ${count(ids.length)} decisions in ${(decidedMs / 1000).toFixed(2)} s, ${count(exitedAtEnd)} exited when the last answer came, all ${(allExitedMs / 1000).toFixed(2)} s after the first request; ${describeLoad()}`,
        bench: BENCH,
      },
    );
  } finally {
    agent.destroy();
  }

  /** Resolves at the `performance.now()` when `expected` processes have exited. */
  async function waitForExits(runtime: Runtime, expected: number): Promise<number> {
    const deadline = performance.now() + 60_000;
    while (performance.now() < deadline) {
      if (((await countStates(runtime.store)).exited ?? 0) >= expected) return performance.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`Decided processes did not all exit within 60 s`);
  }
}

async function sequentialCalls(
  total: number,
  call: (i: number) => Promise<number>,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < total; i++) times.push(await call(i));
  return times;
}

function serverUrl(server: RunningServer): string {
  if (server.url === null) throw new Error('The API is not listening on TCP');
  return server.url;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
