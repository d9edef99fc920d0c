// The HTTP API end to end over real loopback TCP and the Unix socket, against a running scheduler.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLibosError } from '../../src/base/errors.js';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import type { HumanRequest } from '../../src/kernel/approval/types.js';
import { ApiClient } from '../../src/server/api-client.js';
import { readLiveNote } from '../../src/server/live-runtime.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';
import { scriptedBody } from '../runtime/scripted-bodies.js';
import { readEvents } from './sse-reader.js';

let t: TempRuntime;
let server: RunningServer;
let client: ApiClient;
const stopRun = new AbortController();
let running: Promise<unknown>;

async function call(
  path: string,
  init: RequestInit & { token?: string | null } = {},
): Promise<{ status: number; body: unknown }> {
  const { token = server.token, ...rest } = init;
  const response = await fetch(`${server.url}${path}`, {
    ...rest,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(rest.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(rest.headers as Record<string, string> | undefined),
    },
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
    body: scriptedBody({
      asker: async (ctx) => {
        const result = await ctx.syscall('human.ask', { question: 'Which branch?' });
        if (!result.blocked) await ctx.exit((result.value as { answer: string }).answer);
      },
      idle: (ctx) => ctx.sleep(3_600_000),
    }),
  });
  // The manual clock of the temp runtime does not move: timers never fire unless advanced.
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

describe('the API', () => {
  it('refuses a request without the token, or with a wrong one, with 401 and no detail', async () => {
    for (const token of [null, '', 'x'.repeat(43), `${server.token}x`]) {
      const { status, body } = await call('/api/processes', { token });
      expect(status).toBe(401);
      expect(body).toStrictEqual({
        error: {
          code: 'NOT_PERMITTED',
          message: 'A valid bearer token is required',
          details: {},
          retryable: false,
        },
      });
    }
    // Even routes that do not exist answer 401 first: nothing about the API is told.
    expect((await call('/api/nothing-here', { token: null })).status).toBe(401);
    expect((await call('/api/openapi.json', { token: null })).status).toBe(401);
  });

  it('publishes where it listens, with a token file only the user can read', async () => {
    const note = readLiveNote(t.dir);
    expect(note).toMatchObject({ pid: process.pid, socket: server.socket, url: server.url });
    const { statSync } = await import('node:fs');
    expect(statSync(server.tokenFile).mode & 0o777).toBe(0o600);
    expect(await client.health()).toMatchObject({ ok: true, version: 'test' });
  });

  it('spawns with grants, decides a question the process waits on, and the process goes on at once', async () => {
    const spawned = await client.call<AgentProcess>('POST', '/api/processes', {
      imageId: 'base',
      goal: 'asker',
      records: [{ resource: 'human:owner', rights: ['ask'] }],
    });
    const request = await until(
      async () =>
        (await client.call<{ items: HumanRequest[] }>('GET', `/api/approvals?pid=${spawned.pid}`))
          .items,
      (items) => items.length === 1,
    );
    expect(request[0]?.body).toStrictEqual({ kind: 'question', question: 'Which branch?' });
    const decided = await client.decide(request[0]!.id, { answer: 'main' });
    expect(decided.state.kind).toBe('answered');
    const ended = await until(
      () => client.get(spawned.pid),
      (p) => p.state.kind === 'exited',
    );
    expect(ended.state).toStrictEqual({ kind: 'exited', result: 'main' });
    // Deciding it again is refused and changes nothing.
    await expect(client.decide(request[0]!.id, { answer: 'dev' })).rejects.toSatisfy((e: unknown) =>
      isLibosError(e, 'ILLEGAL_TRANSITION'),
    );
  });

  it('kills a running subtree and grants, explains and revokes records', async () => {
    const root = await client.spawn({ imageId: 'base', goal: 'idle' });
    const record = await client.grant({
      subject: root.pid,
      resource: 'fs:notes/**',
      rights: ['read'],
    });
    const { body: listed } = await call(`/api/capabilities?pid=${root.pid}`);
    expect((listed as { items: { id: string; resourceText: string }[] }).items).toContainEqual(
      expect.objectContaining({ id: record.id, resourceText: 'fs:notes/**' }),
    );
    const { body: explained } = await call(
      `/api/capabilities/explain?pid=${root.pid}&resource=${encodeURIComponent('fs:notes/a.md')}&right=read`,
    );
    expect(explained).toMatchObject({ decision: { effect: 'allow', record: { id: record.id } } });
    expect(await client.revoke(record.id)).toBe(1);
    await client.kill(root.pid);
    expect((await client.get(root.pid)).state.kind).toBe('killed');
  });

  it('answers bad input with the error wire form and changes nothing', async () => {
    const before = await t.runtime.list({ limit: 1000 });
    const cases: [string, RequestInit, number, string][] = [
      [
        '/api/processes',
        { method: 'POST', body: '{"imageId": "base", "goal": ' },
        400,
        'INVALID_INPUT',
      ],
      ['/api/processes', { method: 'POST', body: '{"imageId": "base"}' }, 400, 'INVALID_INPUT'],
      [
        '/api/processes',
        { method: 'POST', body: JSON.stringify({ imageId: 'base', goal: 'x', extra: 1 }) },
        400,
        'INVALID_INPUT',
      ],
      ['/api/processes/..%2F..%2Fetc%2Fpasswd', {}, 400, 'INVALID_ID'],
      [
        '/api/processes/proc_..',
        { method: 'POST', body: '{"signal":"terminate"}' },
        404,
        'NOT_FOUND',
      ],
      ['/api/objects/..%2Fruntime.db', {}, 400, 'INVALID_ID'],
      ['/api/approvals/apr_%00', {}, 400, 'INVALID_ID'],
      ['/api/processes?limit=100000', {}, 400, 'INVALID_INPUT'],
      ['/api/processes?state=sleeping', {}, 400, 'INVALID_INPUT'],
      ['/api/journal/verify/../../../etc/passwd', {}, 404, 'NOT_FOUND'],
    ];
    for (const [path, init, status, code] of cases) {
      const response = await call(path, init);
      expect({ path, status: response.status }).toStrictEqual({ path, status });
      expect((response.body as { error: { code: string; message: string } }).error.code).toBe(code);
      // No host path ever reaches the caller.
      expect(JSON.stringify(response.body)).not.toContain(t.dir);
    }
    expect(await t.runtime.list({ limit: 1000 })).toStrictEqual(before);
  });

  it('refuses an oversized body before reading it', async () => {
    const { request } = await import('node:http');
    const url = new URL(server.url!);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/api/processes',
          method: 'POST',
          headers: {
            authorization: `Bearer ${server.token}`,
            'content-type': 'application/json',
            'content-length': 2_000_000,
          },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body });
          });
        },
      );
      // The server may close the upload once it answered; that is not this test's failure.
      req.on('error', (error) => {
        if (!req.writableEnded) reject(error);
      });
      req.write(JSON.stringify({ imageId: 'base', goal: 'x' }).slice(0, 20));
    });
    expect(answer.status).toBe(413);
    expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).toBe(
      'OUT_OF_RANGE',
    );
  });

  it('serves an OpenAPI document listing every route', async () => {
    const { status, body } = await call('/api/openapi.json');
    expect(status).toBe(200);
    const paths = Object.keys((body as { paths: Record<string, unknown> }).paths);
    for (const path of [
      '/api/processes',
      '/api/processes/{pid}',
      '/api/processes/{pid}/signal',
      '/api/processes/{pid}/kill',
      '/api/processes/{pid}/messages',
      '/api/processes/{pid}/model',
      '/api/journal',
      '/api/journal/verify',
      '/api/capabilities',
      '/api/capabilities/{id}',
      '/api/capabilities/explain',
      '/api/approvals',
      '/api/approvals/{id}/decision',
      '/api/objects',
      '/api/objects/{id}',
      '/api/images',
      '/api/events',
    ])
      expect(paths).toContain(path);
  });

  it('lists the built-in images and reads one', async () => {
    const { body } = await call('/api/images');
    expect((body as { builtin: { id: string }[] }).builtin.map((i) => i.id)).toContain('base');
    expect(await client.image('base')).toMatchObject({ id: 'base' });
    expect((await call('/api/images/nope')).status).toBe(404);
  });

  it('verifies the journal it serves', async () => {
    const { body } = await call('/api/journal/verify', { method: 'POST' });
    expect(body).toMatchObject({ ok: true });
  });

  it('streams journal entries as they commit and replays exactly the missed ones after Last-Event-ID', async () => {
    const head = (await t.runtime.journal({ limit: 100_000 })).at(-1)!.seq;
    const response = await fetch(`${server.url}/api/events?after=${head}`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const spawned = client.spawn({ imageId: 'base', goal: 'idle', name: 'watched' });
    const live = await readEvents(response, (got) =>
      got.some((e) => e.event === 'process' && (e.data as AgentProcess).state.kind === 'waiting'),
    );
    const pid = (await spawned).pid;
    const journal = live.filter((e) => e.event === 'journal').map((e) => e.data as JournalEntry);
    expect(journal.map((e) => e.seq)).toStrictEqual(
      (await t.runtime.journal({ afterSeq: head, limit: journal.length })).map((e) => e.seq),
    );
    expect(journal[0]).toMatchObject({ type: 'process.spawned', pid });
    for (const e of live) expect(Number(e.id)).toBeGreaterThan(head);
    // Reconnect from the middle: exactly the entries after that id, none twice.
    const middle = journal[1]!.seq;
    const resumed = await fetch(`${server.url}/api/events?type=process.*`, {
      headers: { authorization: `Bearer ${server.token}`, 'last-event-id': String(middle) },
    });
    const expected = (await t.runtime.journal({ afterSeq: middle, limit: 1000 })).filter((e) =>
      e.type.startsWith('process.'),
    );
    const replayed = await readEvents(
      resumed,
      (got) => got.filter((e) => e.event === 'journal').length === expected.length,
    );
    expect(
      replayed.filter((e) => e.event === 'journal').map((e) => (e.data as JournalEntry).seq),
    ).toStrictEqual(expected.map((e) => e.seq));
    await client.kill(pid);
  });

  it('follows one process with ?pid= while other processes commit (no busy loop)', async () => {
    const watched = await client.spawn({ imageId: 'base', goal: 'idle', name: 'idle' });
    const response = await fetch(`${server.url}/api/events?pid=${watched.pid}`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    // Entries of another process move the head past everything the filtered stream has read.
    const other = await client.spawn({ imageId: 'base', goal: 'idle', name: 'idle' });
    await client.kill(other.pid);
    await client.kill(watched.pid);
    const got = await readEvents(response, (events) =>
      events.some(
        (e) => e.event === 'journal' && (e.data as JournalEntry).type === 'process.killed',
      ),
    );
    expect(
      got.every((e) => e.event !== 'journal' || (e.data as JournalEntry).pid === watched.pid),
    ).toBe(true);
  });

  it('refuses to listen off loopback without a token file', async () => {
    await expect(
      startServer(t.runtime, {
        stateDirectory: t.dir,
        dbPath: t.dbPath,
        tcp: { host: '0.0.0.0', port: 0 },
        version: 'test',
      }),
    ).rejects.toSatisfy((e: unknown) => isLibosError(e, 'INVALID_INPUT'));
  });
});
