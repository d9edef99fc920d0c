// A process runs the image version it was spawned with: registering a newer version never changes
// a running, waiting or paused agent; only an exec or the operator's setImageVersion moves it. The
// agent talks to a real OpenAI Chat Completions wire (a loopback server), so each assertion is on
// the system prompt and tool table the model was actually sent.
import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isLibosError } from '../../src/base/errors.js';
import { loadImagePackage } from '../../src/index.js';
import type { AgentImage } from '../../src/kernel/agent/types.js';
import { createModelProvider } from '../../src/models/create-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import type { AgentLoopOptions } from '../../src/runtime/agent/agent-options.js';
import { BENCH_TOOLS } from '../../src/safety/tools/bench-tools.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';
import {
  startLoopbackServer,
  type LoopbackReply,
  type LoopbackServer,
  type RecordedRequest,
} from '../models/loopback-server.js';

const KEY = 'sk-image-pinning-test-0123456789abcdef';

const V1: AgentImage = {
  id: 'pinned',
  version: 1,
  description: 'Version one.',
  systemPrompt: 'PROMPT ONE: read, then exit.',
  tools: ['read_file', 'sleep', 'exit'],
  requirements: [],
  defaultBudget: {},
  defaultModel: null,
};

const V2: AgentImage = {
  ...V1,
  version: 2,
  description: 'Version two.',
  systemPrompt: 'PROMPT TWO: list, then exit.',
  tools: ['list_dir', 'exit'],
};

/** A Chat Completions answer calling `name` with `args`. */
function call(name: string, args: object): LoopbackReply {
  return {
    status: 200,
    json: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'pin-test',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: `call_${name}_${Math.abs(JSON.stringify(args).length)}`,
                type: 'function',
                function: { name, arguments: JSON.stringify(args) },
              },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    },
  };
}

const EXIT = call('exit', { result: 'done' });

/** What one request showed the model: the system prompt and the tool names. */
function seen(request: RecordedRequest | undefined): { system: string; tools: string[] } {
  const body = request?.body as {
    messages: { role: string; content: string }[];
    tools?: { function: { name: string } }[];
  };
  return {
    system: body.messages.find((m) => m.role === 'system')?.content ?? '',
    tools: (body.tools ?? []).map((t) => t.function.name),
  };
}

interface Harness extends AsyncDisposable {
  readonly t: TempRuntime;
  readonly runtime: Runtime;
  readonly server: LoopbackServer;
  readonly model: string;
}

/** A runtime whose agents run one turn per quantum against a server answering `replies` in order. */
async function start(
  replies: LoopbackReply[],
  options: { maxTurns?: number; tools?: AgentLoopOptions['tools'] } = {},
): Promise<Harness> {
  const server = await startLoopbackServer(() => replies.shift() ?? EXIT);
  const t = await createTempRuntime();
  try {
    const provider = await createModelProvider('openai-chat:pin-test', {
      env: { OPENAI_API_KEY: KEY },
      cwd: t.workspace,
      baseURL: `${server.url}/v1`,
    });
    const body = createAgentBody({
      defaultModel: provider.id,
      // One turn per quantum unless asked: the tests stop an agent between two model calls.
      quantum: { maxTurns: options.maxTurns ?? 1, sliceMs: 60_000 },
      ...(options.tools === undefined ? {} : { tools: options.tools }),
    });
    const runtime = await t.reopen({ body, models: () => provider });
    await runtime.registerImage(V1);
    return {
      t,
      runtime,
      server,
      model: provider.id,
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

describe('image version pinning', () => {
  it('keeps a runnable agent on v1 after v2 is registered; a new spawn gets v2', async () => {
    await using h = await start([call('read_file', { path: 'a.txt' })]);
    const p = await h.runtime.spawn({ imageId: 'pinned', goal: 'Read', model: h.model });
    expect(p).toMatchObject({ imageId: 'pinned', imageVersion: 1 });
    await h.runtime.run({ maxQuanta: 1 });
    expect((await h.runtime.get(p.pid)).state.kind).toBe('runnable');

    await h.runtime.registerImage(V2);
    await h.runtime.run();

    expect(h.server.requests).toHaveLength(2);
    for (const request of h.server.requests) {
      expect(seen(request).system).toContain('PROMPT ONE');
      expect(seen(request).system).not.toContain('PROMPT TWO');
      expect(seen(request).tools).toEqual(['read_file', 'sleep', 'exit']);
    }
    expect(await h.runtime.get(p.pid)).toMatchObject({
      imageVersion: 1,
      state: { kind: 'exited', result: 'done' },
    });

    const q = await h.runtime.spawn({ imageId: 'pinned', goal: 'List', model: h.model });
    expect(q).toMatchObject({ imageId: 'pinned', imageVersion: 2 });
    await h.runtime.run();
    expect(seen(h.server.requests[2])).toEqual({
      system: expect.stringContaining('PROMPT TWO') as string,
      tools: ['list_dir', 'exit'],
    });
    const spawned = await h.runtime.journal({ type: 'process.spawned', limit: 10 });
    expect(spawned.map((e) => e.data.imageVersion)).toEqual([1, 2]);
  });

  it('keeps a sleeping agent and a paused agent on v1 when they wake', async () => {
    await using h = await start([call('sleep', { seconds: 5 }), call('read_file', { path: 'x' })]);
    const sleeper = await h.runtime.spawn({ imageId: 'pinned', goal: 'Nap', model: h.model });
    await h.runtime.grant({ subject: sleeper.pid, resource: 'clock:sleep', rights: 'use' });
    await h.runtime.run({ maxQuanta: 1 });
    expect((await h.runtime.get(sleeper.pid)).state).toMatchObject({
      kind: 'waiting',
      wait: { on: 'timer' },
    });
    const paused = await h.runtime.spawn({ imageId: 'pinned', goal: 'Wait', model: h.model });
    await h.runtime.run({ maxQuanta: 1 });
    await h.runtime.signal(paused.pid, 'pause');

    await h.runtime.registerImage(V2);
    await h.runtime.signal(paused.pid, 'resume');
    h.t.clock.advance(5_000);
    await h.runtime.run();

    expect(h.server.requests.length).toBeGreaterThanOrEqual(4);
    for (const request of h.server.requests) {
      expect(seen(request).system).toContain('PROMPT ONE');
      expect(seen(request).tools).toEqual(['read_file', 'sleep', 'exit']);
    }
    for (const pid of [sleeper.pid, paused.pid])
      expect(await h.runtime.get(pid)).toMatchObject({
        imageVersion: 1,
        state: { kind: 'exited' },
      });
  });

  it('moves an agent to v2 only when the operator says so, from its next quantum', async () => {
    await using h = await start([call('read_file', { path: 'a.txt' })]);
    const p = await h.runtime.spawn({ imageId: 'pinned', goal: 'Read', model: h.model });
    await h.runtime.run({ maxQuanta: 1 });
    await h.runtime.registerImage(V2);

    const moved = await h.runtime.setImageVersion(p.pid, 2);
    expect(moved).toMatchObject({ imageId: 'pinned', imageVersion: 2 });
    await h.runtime.run();
    expect(seen(h.server.requests[0]).system).toContain('PROMPT ONE');
    expect(seen(h.server.requests[1])).toEqual({
      system: expect.stringContaining('PROMPT TWO') as string,
      tools: ['list_dir', 'exit'],
    });
    const changed = await h.runtime.journal({ type: 'process.image-changed', limit: 10 });
    expect(changed.map((e) => [e.pid, e.actor, e.data])).toEqual([
      [p.pid, 'operator', { from: 'pinned@1', imageId: 'pinned', imageVersion: 2 }],
    ]);
  });

  it('refuses a version that does not exist and an ended process, changing nothing', async () => {
    await using h = await start([]);
    const p = await h.runtime.spawn({ imageId: 'pinned', goal: 'Read', model: h.model });
    const before = await h.runtime.get(p.pid);
    const missing = await h.runtime.setImageVersion(p.pid, 7).catch((e: unknown) => e);
    expect(isLibosError(missing, 'NOT_FOUND')).toBe(true);
    expect((missing as Error).message).toBe('Changing the image version failed: no image pinned@7');
    expect(await h.runtime.get(p.pid)).toStrictEqual(before);
    await h.runtime.run();
    const ended = await h.runtime.setImageVersion(p.pid, 1).catch((e: unknown) => e);
    expect(isLibosError(ended, 'ILLEGAL_TRANSITION')).toBe(true);
    expect(await h.runtime.journal({ type: 'process.image-changed', limit: 10 })).toEqual([]);
  });

  it('pins a named older version at spawn, and a fork to its parent’s version', async () => {
    await using h = await start([]);
    await h.runtime.registerImage(V2);
    const old = await h.runtime.spawn({ imageId: 'pinned', imageVersion: 1, goal: 'Old' });
    const byRef = await h.runtime.spawn({ imageId: 'pinned@1', goal: 'Old too' });
    const child = await h.runtime.fork(old.pid, { goal: 'Same version' });
    const other = await h.runtime.fork(old.pid, { imageId: 'pinned', goal: 'Newest' });
    expect([old, byRef, child, other].map((p) => [p.imageId, p.imageVersion])).toEqual([
      ['pinned', 1],
      ['pinned', 1],
      ['pinned', 1],
      ['pinned', 2],
    ]);
    for (const [input, code] of [
      [{ imageId: 'pinned', imageVersion: 3, goal: 'g' }, 'NOT_FOUND'],
      [{ imageId: 'pinned@1', imageVersion: 2, goal: 'g' }, 'INVALID_INPUT'],
      [{ imageId: 'pinned@x', goal: 'g' }, 'INVALID_INPUT'],
      [{ imageId: 'nothing', goal: 'g' }, 'NOT_FOUND'],
    ] as const) {
      const refused = await h.runtime.spawn(input).catch((e: unknown) => e);
      expect(isLibosError(refused, code), JSON.stringify(input)).toBe(true);
    }
    expect(await h.runtime.list({ limit: 10 })).toHaveLength(4);
  });

  it('runs an agent from a package loaded through the library API', async () => {
    await using h = await start([]);
    const dir = join(h.t.dir, 'package');
    await mkdir(join(dir, 'prompts'), { recursive: true });
    await writeFile(join(dir, 'prompts', 'system.md'), 'PROMPT FROM THE PACKAGE FILE');
    await writeFile(
      join(dir, 'IMAGE.yaml'),
      'id: packaged\nversion: 3\ndescription: From a folder.\npromptFile: prompts/system.md\ntools: [exit]\n',
    );
    const loaded = await loadImagePackage(h.runtime, dir);
    expect(loaded).toMatchObject({ status: 'registered', skillDirs: [] });
    expect(await loadImagePackage(h.runtime, dir)).toMatchObject({ status: 'unchanged' });
    const p = await h.runtime.spawn({ imageId: 'packaged', goal: 'Go', model: h.model });
    await h.runtime.run();
    expect(await h.runtime.get(p.pid)).toMatchObject({
      imageVersion: 3,
      state: { kind: 'exited', result: 'done' },
    });
    expect(seen(h.server.requests[0])).toEqual({
      system: expect.stringContaining('PROMPT FROM THE PACKAGE FILE') as string,
      tools: ['exit'],
    });
  });

  it('runs the new image from the turn after an exec, on the model it kept', async () => {
    await using h = await start([call('exec_image', { image: 'landing' })], {
      maxTurns: 8,
      tools: BENCH_TOOLS,
    });
    const shifter: AgentImage = {
      ...V1,
      id: 'shifter',
      systemPrompt: 'PROMPT SHIFTER',
      tools: ['exec_image', 'exit'],
    };
    const landing: AgentImage = { ...V1, id: 'landing', systemPrompt: 'PROMPT LANDING' };
    // exec_image is a benchmark tool, outside the built-in table registration checks.
    await h.runtime.store.transact(async (tx) => {
      await tx.insertImage(shifter, { by: 'operator', at: 0 });
      await tx.insertImage(landing, { by: 'operator', at: 0 });
    });
    const p = await h.runtime.spawn({ imageId: 'shifter', goal: 'Shift', model: h.model });
    await h.runtime.grant({ subject: p.pid, resource: 'image:landing', rights: 'exec' });
    await h.runtime.run();

    expect(h.server.requests.map((r) => seen(r))).toEqual([
      {
        system: expect.stringContaining('PROMPT SHIFTER') as string,
        tools: ['exec_image', 'exit'],
      },
      {
        system: expect.stringContaining('PROMPT LANDING') as string,
        tools: ['read_file', 'sleep', 'exit'],
      },
    ]);
    expect(await h.runtime.get(p.pid)).toMatchObject({
      imageId: 'landing',
      imageVersion: 1,
      state: { kind: 'exited', result: 'done' },
    });
  });
});
