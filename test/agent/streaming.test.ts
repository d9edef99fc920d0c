// Streaming through the agent loop over each wire protocol (loopback servers, the official SDKs):
// deltas reach the runtime's live channel and never the journal, the turn persisted is the one an
// unstreamed call gives, and a stream cut half-way persists nothing and is asked again.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { StreamModels } from '../../src/runtime/agent/call-model.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import type { LiveEvent } from '../../src/runtime/live-channel.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';
import { sseText, type SseEvent, type WireAnswer } from '../models/answer-wire.js';
import { CHAT, DIALECTS, type Dialect } from '../models/dialects.js';
import {
  startLoopbackServer,
  type LoopbackReply,
  type LoopbackServer,
} from '../models/loopback-server.js';

const ANSWER: WireAnswer = {
  text: 'I have read enough — exiting now.',
  calls: [{ id: 'call_exit', name: 'exit', args: '{"result":"streamed and done"}' }],
  stop: 'tool_calls',
  usage: { input: 200, output: 20 },
  model: 'model-2025-01-01',
};

const steps = (events: readonly SseEvent[]): string[] => events.map((e) => sseText([e]));

interface Harness extends AsyncDisposable {
  readonly t: TempRuntime;
  readonly runtime: Runtime;
  readonly server: LoopbackServer;
  readonly pid: Pid;
  readonly live: LiveEvent[];
}

/**
 * A runtime whose agent talks `dialect` to a loopback server answering `replies` in order, one
 * spawned agent, and (with `watch`) a subscriber on the live channel collecting every event.
 */
async function start(
  dialect: Dialect,
  replies: readonly LoopbackReply[],
  options: { watch?: 'all' | 'other' | 'none'; streamModels?: StreamModels } = {},
): Promise<Harness> {
  const queue = [...replies];
  const server = await startLoopbackServer(
    () => queue.shift() ?? { status: 500, json: { error: { message: 'no more replies' } } },
  );
  const t = await createTempRuntime();
  const provider = dialect.create(server.url);
  const runtime = await t.reopen({
    body: createAgentBody({ defaultModel: provider.id }),
    models: () => provider,
    ...(options.streamModels === undefined ? {} : { streamModels: options.streamModels }),
  });
  const live: LiveEvent[] = [];
  const p = await runtime.spawn({ imageId: 'base', goal: 'Stream', model: provider.id });
  const watch = options.watch ?? 'all';
  if (watch === 'all') runtime.live.subscribe((e) => live.push(e));
  if (watch === 'other')
    runtime.live.subscribe((e) => live.push(e), { pid: 'proc_ffffffff' as Pid });
  return {
    t,
    runtime,
    server,
    pid: p.pid,
    live,
    async [Symbol.asyncDispose]() {
      await t[Symbol.asyncDispose]();
      await server[Symbol.asyncDispose]();
    },
  };
}

async function journalTypes(runtime: Runtime): Promise<string[]> {
  return (await runtime.journal({ limit: 1000 })).map((e) => e.type);
}

describe.each(DIALECTS)('$name through the agent loop', (dialect) => {
  it('streams deltas to a watcher and persists exactly the turn an unstreamed call gives', async () => {
    await using plain = await start(dialect, [{ status: 200, json: dialect.answerBody(ANSWER) }], {
      watch: 'none',
    });
    await plain.runtime.run();
    await using h = await start(dialect, [{ stream: steps(dialect.answerEvents(ANSWER)) }]);
    await h.runtime.run();

    expect((await h.runtime.get(h.pid)).state).toStrictEqual({
      kind: 'exited',
      result: 'streamed and done',
    });
    // The deltas add up to the answer; the last one says it was answered.
    expect(h.live.map((e) => e.text).join('')).toBe(ANSWER.text);
    expect(h.live.flatMap((e) => e.toolCalls.map((c) => c.arguments)).join('')).toBe(
      ANSWER.calls[0]?.args,
    );
    expect(h.live.at(-1)?.end).toStrictEqual({ outcome: 'answered' });
    expect(h.live.every((e) => e.pid === h.pid && e.turn === 0)).toBe(true);
    expect(h.server.requests[0]?.body).toMatchObject({ stream: true });
    expect(plain.server.requests[0]?.body).not.toHaveProperty('stream');

    // Same transcript turn and same completion as the unstreamed run; no delta is journaled.
    const turn = async (x: Harness): Promise<unknown> =>
      (await x.runtime.transcript(x.pid)).find((e) => e.item.kind === 'model')?.item;
    expect(await turn(h)).toStrictEqual(await turn(plain));
    const called = async (x: Harness): Promise<unknown> =>
      (await x.runtime.journal({ limit: 10, pid: x.pid, type: 'syscall.completed' }))
        .filter((e) => e.data.syscall === 'model.call')
        .map((e) => e.data);
    expect(await called(h)).toStrictEqual(await called(plain));
    expect(await journalTypes(h.runtime)).not.toContain('model.delta');
    expect(await journalTypes(h.runtime)).toStrictEqual(await journalTypes(plain.runtime));
  });

  it('persists nothing of a stream cut half-way, and asks again on the next quantum', async () => {
    const events = dialect.answerEvents(ANSWER);
    await using h = await start(dialect, [
      { stream: [...steps(events.slice(0, 5)), { cut: true }] },
      { stream: steps(events) },
    ]);
    await h.runtime.run();

    const waiting = (await h.runtime.get(h.pid)).state;
    expect(waiting).toMatchObject({ kind: 'waiting', wait: { on: 'timer' } });
    const [retry] = (
      await h.runtime.journal({ limit: 10, pid: h.pid, type: 'model.retrying' })
    ).map((e) => e.data);
    expect(retry).toMatchObject({ code: 'MODEL_UNAVAILABLE', attempt: 1 });
    expect((await h.runtime.transcript(h.pid)).filter((e) => e.item.kind === 'model')).toEqual([]);
    const completed = await h.runtime.journal({ limit: 100, type: 'syscall.completed' });
    expect(completed.filter((e) => e.data.syscall === 'model.call')).toEqual([]);
    const failedCall = await h.runtime.journal({ limit: 10, pid: h.pid, type: 'syscall.failed' });
    expect(failedCall.map((e) => e.data)).toMatchObject([
      { syscall: 'model.call', code: 'MODEL_UNAVAILABLE' },
    ]);
    expect(h.live.at(-1)?.end).toStrictEqual({ outcome: 'failed', code: 'MODEL_UNAVAILABLE' });
    const beforeRetry = h.live.length;

    h.t.clock.advance(retry?.delayMs as number);
    await h.runtime.run();
    expect((await h.runtime.get(h.pid)).state).toStrictEqual({
      kind: 'exited',
      result: 'streamed and done',
    });
    expect(h.server.requests).toHaveLength(2);
    const again = h.live.slice(beforeRetry);
    expect(again[0]).toMatchObject({ turn: 0, seq: 1 });
    expect(again.map((e) => e.text).join('')).toBe(ANSWER.text);
    expect(again.at(-1)?.end).toStrictEqual({ outcome: 'answered' });
    expect(await journalTypes(h.runtime)).not.toContain('model.delta');
  });

  it('fails the process on a garbled chunk, with nothing persisted', async () => {
    const events = dialect.answerEvents(ANSWER);
    await using h = await start(dialect, [
      { stream: [...steps(events.slice(0, 4)), sseText([{ ...events[4], data: '{"delta": {' }])] },
    ]);
    await h.runtime.run();
    expect((await h.runtime.get(h.pid)).state).toMatchObject({
      kind: 'failed',
      code: 'MODEL_BAD_RESPONSE',
    });
    expect((await h.runtime.transcript(h.pid)).filter((e) => e.item.kind === 'model')).toEqual([]);
    expect(h.live.at(-1)?.end).toStrictEqual({ outcome: 'failed', code: 'MODEL_BAD_RESPONSE' });
  });
});

describe('when a model call streams', () => {
  const answer = (): LoopbackReply[] => [
    { status: 200, json: CHAT.answerBody(ANSWER) },
    { stream: steps(CHAT.answerEvents(ANSWER)) },
  ];

  /** Whether the agent's one model call asked the server to stream. */
  async function streamedWith(
    options: Parameters<typeof start>[2],
    replies: LoopbackReply[],
  ): Promise<boolean> {
    await using h = await start(CHAT, replies, options);
    await h.runtime.run();
    expect((await h.runtime.get(h.pid)).state.kind).toBe('exited');
    return (h.server.requests[0]?.body as { stream?: boolean }).stream === true;
  }

  it('does not stream while nobody watches the process (auto)', async () => {
    expect(await streamedWith({ watch: 'none' }, answer())).toBe(false);
    expect(await streamedWith({ watch: 'other' }, answer())).toBe(false);
  });

  it('streams while someone watches it, or always when told; never when told never', async () => {
    const streamFirst = (): LoopbackReply[] => [...answer()].reverse();
    expect(await streamedWith({ watch: 'all' }, streamFirst())).toBe(true);
    expect(await streamedWith({ watch: 'none', streamModels: 'always' }, streamFirst())).toBe(true);
    expect(await streamedWith({ watch: 'all', streamModels: 'never' }, answer())).toBe(false);
  });
});
