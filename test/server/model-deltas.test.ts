// `model.delta` on the HTTP event stream: a subscriber that names it gets an answer's pieces as the
// model streams it (over a real loopback Chat Completions server), without ids and never in the
// journal; a subscriber that does not name it gets none and makes nothing stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import type { ModelDeltaEvent } from '../../src/runtime/live-channel.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';
import { sseText, type WireAnswer } from '../models/answer-wire.js';
import { CHAT } from '../models/dialects.js';
import { startLoopbackServer, type LoopbackServer } from '../models/loopback-server.js';
import { readEvents, type ReceivedEvent } from './sse-reader.js';

const ANSWER: WireAnswer = {
  text: 'Streaming to whoever listens.',
  calls: [{ id: 'call_1', name: 'exit', args: '{"result":"ok"}' }],
  stop: 'tool_calls',
  usage: { input: 50, output: 9 },
  model: 'llama-test',
};

let t: TempRuntime;
let model: LoopbackServer;
let server: RunningServer;
const stopRun = new AbortController();
let running: Promise<unknown>;

beforeAll(async () => {
  // Streamed requests get the stream, others the JSON body: the server follows what was asked.
  model = await startLoopbackServer((request) =>
    (request.body as { stream?: boolean }).stream === true
      ? { stream: CHAT.answerEvents(ANSWER).map((e) => sseText([e])) }
      : { status: 200, json: CHAT.answerBody(ANSWER) },
  );
  t = await createTempRuntime();
  const provider = CHAT.create(model.url);
  await t.reopen({
    body: createAgentBody({ defaultModel: provider.id }),
    models: () => provider,
  });
  server = await startServer(t.runtime, {
    stateDirectory: t.dir,
    dbPath: t.dbPath,
    tcp: { host: '127.0.0.1', port: 0 },
    version: 'test',
  });
  running = t.runtime.run({ forever: true, signal: stopRun.signal });
});

afterAll(async () => {
  stopRun.abort();
  await running;
  await server.close();
  await t[Symbol.asyncDispose]();
  await model[Symbol.asyncDispose]();
});

/** Opens the event stream with `query`; resolves once its subscription is in place. */
async function subscribe(query: string, isSubscribed: () => boolean): Promise<Response> {
  const response = await fetch(`${server.url}/api/events?${query}`, {
    headers: { authorization: `Bearer ${server.token}` },
  });
  expect(response.status).toBe(200);
  // The stream subscribes when its body starts; wait for that, not for a fixed time.
  while (!isSubscribed()) await new Promise((resolve) => setTimeout(resolve, 5));
  return response;
}

const isCalled = (pid: Pid) => (events: readonly ReceivedEvent[]) =>
  events.some(
    (e) =>
      e.event === 'journal' &&
      (e.data as { type: string }).type === 'syscall.completed' &&
      (e.data as { data: { syscall: string } }).data.syscall === 'model.call' &&
      (e.data as { pid: string }).pid === pid,
  );

describe('model.delta on the event stream', () => {
  it('reaches a subscriber that names it, before the turn is journaled, without ids', async () => {
    const response = await subscribe('type=model.delta,syscall.completed', () =>
      t.runtime.live.wants('proc_any' as Pid),
    );
    const p = await t.runtime.spawn({
      imageId: 'base',
      goal: 'Stream it',
      model: 'openai-chat:llama-test',
    });
    const events = await readEvents(response, isCalled(p.pid));

    const deltas = events.filter((e) => e.event === 'model.delta');
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.every((e) => e.id === null)).toBe(true);
    const data = deltas.map((e) => e.data as ModelDeltaEvent);
    expect(new Set(data.map((d) => `${d.type} ${d.pid}`))).toStrictEqual(
      new Set([`model.delta ${p.pid}`]),
    );
    expect(data.map((d) => d.text).join('')).toBe(ANSWER.text);
    expect(data.at(-1)?.end).toStrictEqual({ outcome: 'answered' });
    // Every delta came before the journal entry of the turn it formed.
    const calledAt = events.findIndex((e) => e.event === 'journal');
    expect(events.slice(calledAt).some((e) => e.event === 'model.delta')).toBe(false);
    expect(events[calledAt]?.id).toMatch(/^\d+$/);

    expect(model.requests.at(-1)?.body).toMatchObject({ stream: true });
    const journal = await t.runtime.journal({ limit: 1000 });
    expect(journal.some((e) => e.type === 'model.delta')).toBe(false);
  });

  it('is not sent to a subscriber that does not name it, who makes nothing stream', async () => {
    const before = model.requests.length;
    const response = await subscribe('', () => true);
    const p = await t.runtime.spawn({
      imageId: 'base',
      goal: 'Quiet',
      model: 'openai-chat:llama-test',
    });
    const events = await readEvents(response, isCalled(p.pid));
    expect(events.some((e) => e.event === 'model.delta')).toBe(false);
    expect(
      model.requests.slice(before).map((r) => (r.body as { stream?: boolean }).stream),
    ).toEqual([undefined]);
  });

  it("gives a subscriber filtered by pid only that process's deltas", async () => {
    const watched = 'proc_0000watched' as Pid;
    const before = model.requests.length;
    const response = await subscribe(`type=model.*&pid=${watched}`, () =>
      t.runtime.live.wants(watched),
    );
    const p = await t.runtime.spawn({
      imageId: 'base',
      goal: 'Unwatched',
      model: 'openai-chat:llama-test',
    });
    expect(t.runtime.live.wants(p.pid)).toBe(false);
    const unfiltered = await subscribe('type=syscall.completed', () => true);
    const called = await readEvents(unfiltered, isCalled(p.pid));
    expect(called.some((e) => e.event === 'model.delta')).toBe(false);
    // The process nobody watched did not stream, and the pid-filtered stream got nothing of it.
    expect(
      model.requests.slice(before).map((r) => (r.body as { stream?: boolean }).stream),
    ).toEqual([undefined]);
    await response.body?.cancel();
  });
});
