// The task routes over real HTTP against a running scheduler: start, list, read, follow up (refused
// while live, 201 after), the same bearer token as every route, and the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLibosError } from '../../src/base/errors.js';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { createScriptedProvider } from '../../src/models/scripted/create-scripted-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import type { FollowedUp } from '../../src/runtime/tasks/follow-up-task.js';
import type { TaskSummary, TaskView } from '../../src/runtime/tasks/task-view.js';
import { ApiClient } from '../../src/server/api-client.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';

const MODEL = 'scripted:api';
const provider = createScriptedProvider({
  agents: [
    {
      goal: 'Slow notes',
      calls: [
        { memory_create: { name: 'notes', type: 'note', content: 'kept across runs' } },
        { sleep: { seconds: 3600 } },
        { memory_read: { name: 'notes' } },
        { exit: { result: 'read after the follow-up' } },
      ],
    },
  ],
});

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
  stopRun.abort();
  await running;
  await server.close();
  await t[Symbol.asyncDispose]();
});

describe('the task routes', () => {
  it('start a task, list and show it, refuse a follow-up while it is live, then continue it with its memory', async () => {
    const created = await call('/api/tasks', {
      method: 'POST',
      body: {
        imageId: 'base',
        goal: 'Slow notes',
        model: MODEL,
        records: [{ resource: 'clock:sleep', rights: ['use'] }],
      },
    });
    expect(created.status).toBe(201);
    const task = created.body as TaskView;
    expect(task).toMatchObject({ imageId: 'base', imageVersion: 2, runCount: 1, status: 'live' });
    const first = task.runs[0]!.pid;
    await until(
      () => client.get(first),
      (p) => p.state.kind === 'waiting',
    );
    const listed = (await call('/api/tasks')).body as { items: TaskSummary[]; next: null };
    expect(listed.items.map((i) => [i.id, i.status, i.latest?.pid])).toEqual([
      [task.id, 'live', first],
    ]);
    expect(listed.next).toBeNull();

    const early = await call(`/api/tasks/${task.id}/follow-ups`, {
      method: 'POST',
      body: { text: 'read your notes' },
    });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      error: { code: 'ILLEGAL_TRANSITION', details: { task: task.id, pid: first } },
    });
    await client.kill(first);
    const followed = await call(`/api/tasks/${task.id}/follow-ups`, {
      method: 'POST',
      body: { text: 'read your notes', drop: ['clock:sleep'] },
    });
    expect(followed.status).toBe(201);
    const body = followed.body as FollowedUp;
    expect(body.run).toMatchObject({ index: 1, followUp: 'read your notes' });
    expect(body.objects).toBe(1);
    const second = body.run.pid;
    const ended = await until(
      () => client.get(second),
      (p: AgentProcess) => p.state.kind === 'exited',
    );
    expect(ended.state).toEqual({ kind: 'exited', result: 'read after the follow-up' });
    const shown = (await call(`/api/tasks/${task.id}`)).body as TaskView;
    expect(shown.status).toBe('exited');
    expect(shown.runs.map((r) => [r.pid, r.process.state.kind])).toEqual([
      [first, 'killed'],
      [second, 'exited'],
    ]);
    expect((await call(`/api/processes/${second}/task`)).body).toMatchObject({
      run: { taskId: task.id, index: 1, pid: second, followUp: 'read your notes' },
    });
    const loose = await client.spawn({ imageId: 'base', goal: 'not a task' });
    expect((await call(`/api/processes/${loose.pid}/task`)).body).toEqual({ run: null });
    const transcript = (await call(`/api/processes/${second}/transcript?limit=100`)).body as {
      items: { item: { kind: string; name?: string; content?: string; isError?: boolean } }[];
    };
    const read = transcript.items.find((e) => e.item.name === 'memory_read');
    expect(read?.item).toMatchObject({ isError: false });
    expect(read?.item.content).toContain('kept across runs');
  });

  it('gives the CLI the same calls through the client: start, follow up, read', async () => {
    const started = await client.tasks.start({
      imageId: 'base',
      goal: 'Done at once',
      model: MODEL,
      records: [{ resource: 'fs:docs/**', rights: 'read,write' }],
    });
    const root = started.runs[0]!.pid;
    await until(
      () => client.get(root),
      (p) => p.state.kind === 'exited',
    );
    const followed = await client.tasks.followUp(started.id, {
      text: 'again',
      only: ['fs:docs/**=read'],
    });
    expect(followed.carried).toHaveLength(1);
    const caps = await t.runtime.capabilities({ subject: followed.run.pid, limit: 100 });
    expect(caps.filter((c) => c.resource.kind === 'fs').map((c) => c.rights)).toEqual([['read']]);
    expect((await client.tasks.get(started.id)).runCount).toBe(2);
    expect((await client.tasks.list()).map((s) => s.id)).toContain(started.id);
    const refused: unknown = await client.tasks
      .followUp('task_00000999', { text: 'x' })
      .catch((e: unknown) => e);
    expect(isLibosError(refused, 'NOT_FOUND')).toBe(true);
  });

  it('refuses bad requests with the error form and needs the token on every task route', async () => {
    const bad: [string, unknown, number, string][] = [
      ['/api/tasks/task_00000001/follow-ups', { text: '' }, 400, 'INVALID_INPUT'],
      ['/api/tasks/task_00000001/follow-ups', { text: 'x', extra: 1 }, 400, 'INVALID_INPUT'],
      ['/api/tasks/nope/follow-ups', { text: 'x' }, 400, 'INVALID_ID'],
      ['/api/tasks/task_00000999/follow-ups', { text: 'x' }, 404, 'NOT_FOUND'],
      [
        '/api/tasks/task_00000001/follow-ups',
        { text: 'x', drop: ['fs:/etc'] },
        400,
        'INVALID_INPUT',
      ],
      [
        '/api/tasks',
        { imageId: 'base', goal: 'g', parentPid: 'proc_00000001' },
        400,
        'INVALID_INPUT',
      ],
      ['/api/tasks', { imageId: 'nope', goal: 'g' }, 404, 'NOT_FOUND'],
    ];
    for (const [path, body, status, code] of bad) {
      const answer = await call(path, { method: 'POST', body });
      expect(answer.status, path).toBe(status);
      expect(answer.body).toMatchObject({ error: { code } });
    }
    expect((await call('/api/tasks/task_00000999')).status).toBe(404);
    for (const [path, method] of [
      ['/api/tasks', 'GET'],
      ['/api/tasks', 'POST'],
      ['/api/tasks/task_00000001', 'GET'],
      ['/api/tasks/task_00000001/follow-ups', 'POST'],
    ] as const) {
      const answer = await call(path, {
        method,
        token: null,
        ...(method === 'POST' ? { body: {} } : {}),
      });
      expect(answer.status, path).toBe(401);
    }
    const doc = (await call('/api/openapi.json')).body as { paths: Record<string, object> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/tasks', '/api/tasks/{id}', '/api/tasks/{id}/follow-ups']),
    );
    expect(Object.keys(doc.paths['/api/tasks/{id}/follow-ups']!)).toEqual(['post']);
  });
});
