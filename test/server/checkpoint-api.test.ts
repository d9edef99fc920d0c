// The checkpoint routes over real HTTP against a running scheduler, through the same ApiClient
// the CLI uses: take, list, show, diff, restore, fork, remove, commit to an image; a restore while
// a quantum of the subtree runs is 409; bad input is refused by code; the same bearer token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { ModelProvider } from '../../src/ports/model-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import { ApiClient } from '../../src/server/api-client.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';
import { memoryText, planModel, type Step } from '../checkpoints/checkpoint-kit.js';

const MODEL = 'plan:api';
const PLAN: readonly Step[] = [
  { tool: 'memory_create', args: { name: 'notes', type: 'note', content: 'before' } },
  { tool: 'receive_messages', args: { wait: true } },
  { tool: 'memory_update', args: { name: 'notes', content: 'after' } },
  'exit-with-received',
];
const plan = planModel(PLAN)();
/** Pids whose model calls wait for the gate: their quantum is running until it opens. */
const held = new Set<string>();
/** A promise and the function that settles it. */
function opened(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
let gate = opened();
const provider: ModelProvider = {
  id: 'plan',
  async complete(request) {
    if (held.has(request.caller.pid)) await gate.promise;
    return plan.complete(request);
  },
};

let t: TempRuntime;
let server: RunningServer;
let client: ApiClient;
const stopRun = new AbortController();
let running: Promise<unknown>;

async function call(
  path: string,
  init: { method?: string; body?: unknown; token?: string | null } = {},
): Promise<{ status: number; body: unknown }> {
  const { token = server.token } = init;
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function waitingAgent(): Promise<Pid> {
  const agent = await client.spawn({ imageId: 'base', goal: 'work', model: MODEL });
  await until(
    () => client.get(agent.pid),
    (p) => p.state.kind === 'waiting',
  );
  return agent.pid;
}

beforeAll(async () => {
  t = await createTempRuntime({
    models: () => provider,
    body: createAgentBody({ defaultModel: MODEL }),
  });
  server = await startServer(t.runtime, {
    stateDirectory: t.dir,
    dbPath: t.dbPath,
    tcp: { host: '127.0.0.1', port: 0 },
    version: 'test',
  });
  client = new ApiClient({ socket: server.socket }, server.token);
  running = t.runtime.run({ forever: true, signal: stopRun.signal });
});

afterAll(async () => {
  gate.resolve();
  stopRun.abort();
  await running;
  await server.close();
  await t[Symbol.asyncDispose]();
});

describe('checkpoint routes', () => {
  it('take, list, show, diff, restore, fork, commit and remove through the client', async () => {
    const pid = await waitingAgent();
    const checkpoint = await client.checkpoints.create(pid, { name: 'waiting' });
    expect(checkpoint).toMatchObject({ rootPid: pid, name: 'waiting', processCount: 1 });
    expect((await client.checkpoints.list({ rootPid: pid })).map((c) => c.id)).toEqual([
      checkpoint.id,
    ]);
    expect(await client.checkpoints.get(checkpoint.id)).toMatchObject({
      id: checkpoint.id,
      processes: [{ pid, state: 'waiting' }],
    });
    await client.send(pid, 'go');
    await until(
      () => client.get(pid),
      (p) => p.state.kind === 'exited',
    );
    const diff = await client.checkpoints.diff(checkpoint.id);
    expect(diff.changedProcesses).toMatchObject([
      { pid, state: { from: 'waiting', to: 'exited' } },
    ]);

    const report = await client.checkpoints.restore(checkpoint.id);
    expect(report).toMatchObject({ checkpoint: checkpoint.id, restored: [pid] });
    expect(report.external.map((e) => e.syscall)).toContain('model.call');
    // The live scheduler runs the restored agent again at once, with its message back.
    await until(
      () => client.get(pid),
      (p) => p.state.kind === 'exited',
    );
    const fork = await client.checkpoints.fork(checkpoint.id);
    expect(fork.pids).toEqual([{ from: pid, to: fork.root }]);
    expect(await memoryText(t.runtime, fork.root, 'notes')).toBe('before');
    const later = await client.checkpoints.create(pid);
    expect((await client.checkpoints.diff(checkpoint.id, later.id)).objects).toMatchObject([
      { name: 'notes', from: 1 },
    ]);

    const image = await client.checkpoints.commitImage(checkpoint.id, { as: 'waiter@1' });
    expect(image).toMatchObject({ id: 'waiter', version: 1 });
    expect(image.objects?.map((o) => o.name)).toEqual(['notes']);
    expect(await client.image('waiter@1')).toEqual(image);

    await client.checkpoints.remove(later.id);
    expect((await client.checkpoints.list({ rootPid: pid })).map((c) => c.id)).toEqual([
      checkpoint.id,
    ]);
  });

  it('refuses a restore while a quantum of the subtree runs, then restores once it has yielded', async () => {
    gate = opened();
    const pid = await waitingAgent();
    const checkpoint = await client.checkpoints.create(pid);
    held.add(pid);
    await client.send(pid, 'go');
    await until(
      () => client.get(pid),
      (p) => p.state.kind === 'running',
    );
    const refused = await call(`/api/checkpoints/${checkpoint.id}/restore`, {
      method: 'POST',
      body: {},
    });
    expect(refused).toMatchObject({
      status: 409,
      body: { error: { code: 'ILLEGAL_TRANSITION', details: { pid } } },
    });
    held.delete(pid);
    gate.resolve();
    await until(
      () => client.get(pid),
      (p) => p.state.kind === 'exited',
    );
    expect((await client.checkpoints.restore(checkpoint.id)).restored).toEqual([pid]);
  });

  it('refuses bad ids, unknown checkpoints, unknown options and a missing token by code', async () => {
    const pid = await waitingAgent();
    const unknown = 'ckpt_00000000000000000000000000';
    const cases: [string, { method?: string; body?: unknown; token?: null }, number, string][] = [
      ['/api/checkpoints/nope', {}, 400, 'INVALID_ID'],
      [`/api/checkpoints/${unknown}`, {}, 404, 'NOT_FOUND'],
      [`/api/checkpoints/${unknown}/diff`, {}, 404, 'NOT_FOUND'],
      ['/api/checkpoints?root=nope', {}, 400, 'INVALID_ID'],
      ['/api/checkpoints', { method: 'POST', body: {} }, 400, 'INVALID_INPUT'],
      ['/api/checkpoints', { method: 'POST', body: { pid: 'proc_..' } }, 400, 'INVALID_ID'],
      ['/api/checkpoints', { method: 'POST', body: { pid, extra: 1 } }, 400, 'INVALID_INPUT'],
      [`/api/checkpoints/${unknown}/restore`, { method: 'POST', body: {} }, 404, 'NOT_FOUND'],
      [
        `/api/checkpoints/${unknown}/restore`,
        { method: 'POST', body: { files: 'yes' } },
        400,
        'INVALID_INPUT',
      ],
      [`/api/checkpoints/${unknown}/fork`, { method: 'POST', body: {} }, 404, 'NOT_FOUND'],
      [`/api/checkpoints/${unknown}`, { method: 'DELETE' }, 404, 'NOT_FOUND'],
      [`/api/checkpoints/${unknown}/image`, { method: 'POST', body: {} }, 400, 'INVALID_INPUT'],
      [
        `/api/checkpoints/${unknown}/image`,
        { method: 'POST', body: { as: 'x@1' } },
        404,
        'NOT_FOUND',
      ],
      ['/api/checkpoints', { token: null }, 401, 'NOT_PERMITTED'],
    ];
    const before = await client.checkpoints.list();
    for (const [path, init, status, code] of cases)
      expect(await call(path, init), path).toMatchObject({ status, body: { error: { code } } });
    expect(await client.checkpoints.list()).toEqual(before);
    const doc = await call('/api/openapi.json');
    expect(Object.keys((doc.body as { paths: object }).paths)).toEqual(
      expect.arrayContaining([
        '/api/checkpoints',
        '/api/checkpoints/{id}',
        '/api/checkpoints/{id}/diff',
        '/api/checkpoints/{id}/restore',
        '/api/checkpoints/{id}/fork',
        '/api/checkpoints/{id}/image',
      ]),
    );
  });
});
