// ARCHITECTURE §9 through the agent loop: each provider error class from a real OpenAI Chat
// Completions wire (a loopback server; the official SDK makes real HTTP requests). Retryable errors
// become durable timer waits with capped exponential backoff; the others fail the process with
// their stable code. A manual clock moves time, so no backoff takes real time.
import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/base/canonical-json.js';
import type { Pid } from '../../src/base/ids.js';
import { createModelProvider } from '../../src/models/create-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import type { AgentLoopOptions } from '../../src/runtime/agent/agent-options.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';
import {
  startLoopbackServer,
  type LoopbackReply,
  type LoopbackServer,
} from '../models/loopback-server.js';

const KEY = 'sk-agent-loop-test-0123456789abcdef';
const GOAL = 'Survive the provider';

/** A Chat Completions body making `calls` (arguments as raw JSON text). */
function completion(calls: readonly { name: string; args: string }[]): LoopbackReply {
  return {
    status: 200,
    json: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'llama-test',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: calls.map((c, i) => ({
              id: `call_${i}`,
              type: 'function',
              function: { name: c.name, arguments: c.args },
            })),
          },
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
    },
  };
}

const EXIT = completion([{ name: 'exit', args: '{"result":"recovered"}' }]);

function apiError(
  status: number,
  error: { type: string; message: string; code?: string },
  headers?: Record<string, string>,
): LoopbackReply {
  return {
    status,
    json: { error: { param: null, code: null, ...error } },
    ...(headers === undefined ? {} : { headers }),
  };
}

interface Harness {
  readonly t: TempRuntime;
  readonly runtime: Runtime;
  readonly server: LoopbackServer;
  readonly pid: Pid;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A runtime whose agent talks to a loopback server answering with `replies` in order (then
 * `exit`), and one spawned agent.
 */
async function start(
  replies: readonly LoopbackReply[],
  options: { retry?: AgentLoopOptions['retry']; timeoutMs?: number } = {},
): Promise<Harness> {
  const queue = [...replies];
  const server = await startLoopbackServer(() => queue.shift() ?? EXIT);
  const t = await createTempRuntime();
  try {
    const provider = await createModelProvider('openai-chat:llama-test', {
      env: { OPENAI_API_KEY: KEY },
      cwd: t.workspace,
      baseURL: `${server.url}/v1`,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    const body = createAgentBody({
      defaultModel: provider.id,
      ...(options.retry === undefined ? {} : { retry: options.retry }),
    });
    const runtime = await t.reopen({ body, models: () => provider });
    const p = await runtime.spawn({ imageId: 'base', goal: GOAL, model: provider.id });
    return {
      t,
      runtime,
      server,
      pid: p.pid,
      async [Symbol.asyncDispose]() {
        await t[Symbol.asyncDispose]();
        await server[Symbol.asyncDispose]();
      },
    };
  } catch (error) {
    await t[Symbol.asyncDispose]();
    await server[Symbol.asyncDispose]();
    throw error;
  }
}

async function retries(h: Harness): Promise<{ [key: string]: Json }[]> {
  return (await h.runtime.journal({ limit: 100, pid: h.pid, type: 'model.retrying' })).map(
    (e) => e.data,
  );
}

describe('provider errors through the agent loop (OpenAI Chat Completions wire)', () => {
  it('waits on a durable timer for at least retry-after after a 429, then continues', async () => {
    await using h = await start([
      apiError(429, { type: 'rate_limit_error', message: 'Slow down' }, { 'retry-after': '7' }),
    ]);
    const startedAt = h.t.clock.now();
    await h.runtime.run();
    expect((await h.runtime.get(h.pid)).state).toMatchObject({
      kind: 'waiting',
      wait: { on: 'timer', wakeAt: startedAt + 7_000 },
    });
    expect(await retries(h)).toStrictEqual([
      { code: 'MODEL_RATE_LIMITED', attempt: 1, delayMs: 7_000 },
    ]);

    // Not due yet: nothing runs and the server is not asked again.
    h.t.clock.advance(6_999);
    expect(await h.runtime.run()).toStrictEqual({ quanta: 0, stoppedBy: 'idle' });
    expect(h.server.requests).toHaveLength(1);

    h.t.clock.advance(1);
    await h.runtime.run();
    expect((await h.runtime.get(h.pid)).state).toStrictEqual({
      kind: 'exited',
      result: 'recovered',
    });
    expect(h.server.requests).toHaveLength(2);
    expect(await h.runtime.store.read((r) => r.getSetting(h.pid, 'modelRetries'))).toBe(0);
  });

  it('backs off exponentially on repeated 503s, capped at the maximum delay, then continues', async () => {
    const unavailable = apiError(503, { type: 'server_error', message: 'Overloaded' });
    await using h = await start([unavailable, unavailable, unavailable], {
      retry: { baseMs: 1_000, maxMs: 3_000, maxAttempts: 5 },
    });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await h.runtime.run();
      const state = (await h.runtime.get(h.pid)).state;
      expect(state).toMatchObject({ kind: 'waiting', wait: { on: 'timer' } });
      const delayMs = (await retries(h)).at(-1)?.delayMs;
      expect(typeof delayMs).toBe('number');
      delays.push(delayMs as number);
      h.t.clock.advance(delayMs as number);
    }
    expect(delays).toStrictEqual([1_000, 2_000, 3_000]);
    expect((await retries(h)).map((r) => [r.code, r.attempt])).toStrictEqual([
      ['MODEL_UNAVAILABLE', 1],
      ['MODEL_UNAVAILABLE', 2],
      ['MODEL_UNAVAILABLE', 3],
    ]);
    await h.runtime.run();
    expect((await h.runtime.get(h.pid)).state).toStrictEqual({
      kind: 'exited',
      result: 'recovered',
    });
    expect(h.server.requests).toHaveLength(4);
  });

  it('counts retries per turn: after an answer, the next error backs off from the base delay again', async () => {
    const unavailable = apiError(503, { type: 'server_error', message: 'Overloaded' });
    // An unknown tool answers with an error result, so the loop asks the model a second time.
    const detour = completion([{ name: 'no_such_tool', args: '{}' }]);
    await using h = await start([unavailable, unavailable, detour, unavailable], {
      retry: { baseMs: 1_000, maxMs: 60_000, maxAttempts: 5 },
    });
    for (let quantum = 0; quantum < 8; quantum++) {
      await h.runtime.run();
      const state = (await h.runtime.get(h.pid)).state;
      if (state.kind === 'exited') break;
      const delayMs = (await retries(h)).at(-1)?.delayMs;
      h.t.clock.advance(typeof delayMs === 'number' ? delayMs : 0);
    }
    expect((await h.runtime.get(h.pid)).state).toStrictEqual({
      kind: 'exited',
      result: 'recovered',
    });
    expect((await retries(h)).map((r) => [r.attempt, r.delayMs])).toStrictEqual([
      [1, 1_000],
      [2, 2_000],
      [1, 1_000],
    ]);
    expect(await h.runtime.store.read((r) => r.getSetting(h.pid, 'modelRetries'))).toBe(0);
  });

  it('fails the process with MODEL_UNAVAILABLE once the retry attempts are used up', async () => {
    const unavailable = apiError(502, { type: 'server_error', message: 'Bad gateway' });
    await using h = await start([unavailable, unavailable, unavailable], {
      retry: { baseMs: 10, maxMs: 10, maxAttempts: 2 },
    });
    for (let attempt = 0; attempt < 3; attempt++) {
      await h.runtime.run();
      h.t.clock.advance(10);
    }
    expect((await h.runtime.get(h.pid)).state).toMatchObject({
      kind: 'failed',
      code: 'MODEL_UNAVAILABLE',
    });
    expect(await retries(h)).toHaveLength(2);
    expect(h.server.requests).toHaveLength(3);
  });

  it('treats a model call that times out as retryable', async () => {
    await using h = await start([{ hang: true }], { timeoutMs: 200 });
    await h.runtime.run();
    expect((await h.runtime.get(h.pid)).state).toMatchObject({
      kind: 'waiting',
      wait: { on: 'timer' },
    });
    const [retry] = await retries(h);
    expect(retry).toMatchObject({ code: 'MODEL_UNAVAILABLE', attempt: 1 });
    h.t.clock.advance(retry?.delayMs as number);
    await h.runtime.run();
    expect((await h.runtime.get(h.pid)).state).toStrictEqual({
      kind: 'exited',
      result: 'recovered',
    });
  });

  it.each([
    {
      what: 'a body that is not JSON',
      reply: { status: 200, text: '{"id": "chatcmpl', contentType: 'application/json' },
      code: 'MODEL_BAD_RESPONSE',
    },
    {
      what: 'a JSON body without choices',
      reply: { status: 200, json: { id: 'x', object: 'chat.completion' } },
      code: 'MODEL_BAD_RESPONSE',
    },
    {
      what: 'a 400',
      reply: apiError(400, { type: 'invalid_request_error', message: 'Unknown parameter' }),
      code: 'MODEL_REJECTED',
    },
    {
      what: 'a 401',
      reply: apiError(401, { type: 'invalid_request_error', message: `Bad key ${KEY}` }),
      code: 'MODEL_REJECTED',
    },
    {
      what: 'a 400 saying the context is too long with nothing yet to compact',
      reply: apiError(400, {
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
        message: "This model's maximum context length is 8192 tokens.",
      }),
      code: 'CONTEXT_OVERFLOW',
    },
  ] satisfies { what: string; reply: LoopbackReply; code: string }[])(
    'fails the process with $code on $what, without retrying',
    async ({ reply, code }) => {
      await using h = await start([reply]);
      await h.runtime.run();
      const state = (await h.runtime.get(h.pid)).state;
      expect(state).toMatchObject({ kind: 'failed', code });
      expect(JSON.stringify(state)).not.toContain(KEY);
      expect(await retries(h)).toStrictEqual([]);
      // No answer was recorded: the model call failed, it did not complete.
      const completed = await h.runtime.journal({
        limit: 10,
        pid: h.pid,
        type: 'syscall.completed',
      });
      expect(completed.filter((e) => e.data.syscall === 'model.call')).toEqual([]);
      const failed = await h.runtime.journal({ limit: 10, pid: h.pid, type: 'syscall.failed' });
      expect(failed.map((e) => e.data)).toMatchObject([{ syscall: 'model.call', code }]);
      expect(h.server.requests).toHaveLength(1);
    },
  );

  it('answers a tool call with malformed JSON arguments with INVALID_INPUT, and the agent goes on', async () => {
    await using h = await start([completion([{ name: 'read_file', args: '{"path": ' }])]);
    await h.runtime.run();
    expect((await h.runtime.get(h.pid)).state).toStrictEqual({
      kind: 'exited',
      result: 'recovered',
    });
    const results = (
      await h.runtime.store.read((r) => r.listTranscript(h.pid, { limit: 100 }))
    ).flatMap((e) => (e.item.kind === 'result' ? [e.item] : []));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ name: 'read_file', isError: true });
    expect(JSON.parse(results[0]?.content ?? '{}')).toMatchObject({
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/not valid JSON/) as unknown },
    });
    // The model's next request carries its own raw text back, then the tool error.
    const second = h.server.requests[1]?.body as { messages: { role: string }[] };
    expect(second.messages.slice(-2)).toMatchObject([
      {
        role: 'assistant',
        tool_calls: [{ id: 'call_0', function: { name: 'read_file', arguments: '{"path": ' } }],
      },
      { role: 'tool', tool_call_id: 'call_0' },
    ]);
    // No tool syscall ran for the malformed call: only the two model calls and the exit.
    expect(
      (await h.runtime.journal({ limit: 10, pid: h.pid, type: 'syscall.completed' })).map(
        (e) => e.data.syscall,
      ),
    ).toStrictEqual(['model.call', 'model.call', 'process.exit']);
  });
});
