// End to end: a scripted coding agent proposes, tests, registers and calls a JIT tool (real Deno),
// which survives a restart and passes to a fork.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/base/hash.js';
import type { Pid } from '../../src/base/ids.js';
import { createScriptedProvider } from '../../src/models/scripted/create-scripted-provider.js';
import type { ModelProvider } from '../../src/ports/model-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createDenoRunner } from '../../src/sandbox/deno-runner.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

const SOURCE = `export async function run(args: { path: string }, libos: { syscall(n: string, i: unknown): Promise<any> }) {
  const file = await libos.syscall('fs.read', { path: args.path });
  return { lines: file.content.split('\\n').length };
}`;

const PROPOSAL = {
  name: 'count_lines',
  description: 'Counts the lines of a workspace file.',
  argsSchema: {
    type: 'object',
    properties: { path: { type: 'string' } },
    required: ['path'],
    additionalProperties: false,
  },
  source: SOURCE,
};

function scripted(agents: unknown[]): (spec: string) => ModelProvider {
  const provider = createScriptedProvider({ agents } as never);
  return () => provider;
}

async function results(
  runtime: Runtime,
  pid: Pid,
): Promise<{ isError: boolean; value: unknown }[]> {
  const transcript = await runtime.store.read((r) => r.listTranscript(pid, { limit: 100 }));
  return transcript.flatMap((e) =>
    e.item.kind === 'result'
      ? [{ isError: e.item.isError, value: JSON.parse(e.item.content) as unknown }]
      : [],
  );
}

let denoDir: string;
beforeAll(async () => {
  denoDir = await mkdtemp(join(tmpdir(), 'agent-libos-jit-e2e-'));
});
afterAll(async () => {
  await rm(denoDir, { recursive: true, force: true });
});

describe('JIT tools end to end', () => {
  it('proposes, tests, registers and calls a tool; it survives a restart and passes to a fork', async () => {
    const models = scripted([
      {
        goal: 'Count lines',
        calls: [
          { propose_tool: PROPOSAL },
          { test_tool: { name: 'count_lines', args: { path: 'a.txt' } } },
          { register_tool: { name: 'count_lines' } },
          { count_lines: { path: 'a.txt' } },
          { receive_messages: { wait: true } },
          { count_lines: { path: 'a.txt' } },
          { exit: { result: 'counted' } },
        ],
      },
      { name: 'child', calls: [{ count_lines: { path: 'a.txt' } }, { exit: { result: 'child' } }] },
    ]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({
        defaultModel: 'scripted:test',
        jit: createDenoRunner({ denoDir }),
      }),
    });
    await writeFile(join(t.workspace, 'a.txt'), 'one\ntwo\nthree');
    const p = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'coding',
      goal: 'Count lines',
    });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.grant({ subject: p.pid, resource: 'tool:*', rights: 'register' });
    await t.runtime.run();

    const before = await results(t.runtime, p.pid);
    expect(before.slice(0, 4).map((r) => r.isError)).toEqual([false, false, false, false]);
    expect(before[1]?.value).toEqual({ lines: 3 });
    expect(before[3]?.value).toEqual({ lines: 3 });
    const registered = await t.runtime.journal({ limit: 10, type: 'tool.registered' });
    expect(registered).toHaveLength(1);
    expect(registered[0]).toMatchObject({
      pid: p.pid,
      data: { name: 'count_lines', sourceSha256: sha256Hex(SOURCE) },
    });
    // The tool's syscalls were made as the process, with call ids under the tool call's.
    const reads = await t.runtime.journal({ limit: 100, pid: p.pid, type: 'syscall.completed' });
    expect(reads.filter((e) => JSON.stringify(e.data.callId).includes(':jit.1'))).toHaveLength(2);

    // A restart: the table is durable.
    const runtime = await t.reopen();
    const child = await runtime.fork(p.pid, { name: 'child' });
    await runtime.grant({ subject: child.pid, resource: 'fs:**', rights: 'read' });
    // The child runs to its end while the parent waits for its message: a parent that exits
    // takes its children with it, so the parent goes on only afterwards.
    await runtime.run();
    await runtime.send(p.pid, 'go on');
    await runtime.run();

    const after = await results(runtime, p.pid);
    expect(after[5]).toEqual({ isError: false, value: { lines: 3 } });
    expect((await runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'counted' });
    expect(await results(runtime, child.pid)).toEqual([{ isError: false, value: { lines: 3 } }]);
    expect((await runtime.get(child.pid)).state).toEqual({ kind: 'exited', result: 'child' });
    const inherited = await runtime.journal({ limit: 10, type: 'tool.inherited' });
    expect(inherited).toMatchObject([
      { pid: child.pid, data: { from: p.pid, names: ['count_lines'] } },
    ]);
  });

  it('passes tools to a spawned child only when asked, and refuses an unknown name', async () => {
    const builder = {
      id: 'builder',
      version: 1,
      description: 'Builds a tool and hands it to children.',
      systemPrompt: 'Build tools.',
      tools: ['propose_tool', 'register_tool', 'spawn_agent', 'receive_messages', 'exit'],
      requirements: [],
      defaultBudget: { quanta: 50 },
      defaultModel: null,
    };
    const childCalls = [{ count_lines: { path: 'a.txt' } }, { exit: { result: 'child' } }];
    const models = scripted([
      {
        goal: 'Build and hand out',
        calls: [
          { propose_tool: PROPOSAL },
          { register_tool: { name: 'count_lines' } },
          {
            spawn_agent: {
              image: 'builder',
              goal: 'with tool',
              name: 'with',
              tools: ['count_lines'],
              grants: [{ resource: 'fs:**', rights: ['read'] }],
            },
          },
          {
            spawn_agent: {
              image: 'builder',
              goal: 'without tool',
              name: 'without',
              grants: [{ resource: 'fs:**', rights: ['read'] }],
            },
          },
          { spawn_agent: { image: 'builder', goal: 'unknown', tools: ['nope'] } },
          { receive_messages: { wait: true } },
        ],
      },
      { name: 'with', calls: childCalls },
      { name: 'without', calls: childCalls },
    ]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: 'scripted:test', jit: createDenoRunner({ denoDir }) }),
    });
    await t.runtime.registerImage(builder);
    await writeFile(join(t.workspace, 'a.txt'), 'one\ntwo');
    const p = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'builder',
      goal: 'Build and hand out',
    });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.grant({ subject: p.pid, resource: 'tool:count_lines', rights: 'register' });
    await t.runtime.grant({ subject: p.pid, resource: 'process:spawn', rights: 'spawn' });
    await t.runtime.run();

    const parent = await results(t.runtime, p.pid);
    expect(parent.slice(0, 4).map((r) => r.isError)).toEqual([false, false, false, false]);
    expect(parent[4]).toMatchObject({ isError: true, value: { error: { code: 'INVALID_INPUT' } } });
    const children = (await t.runtime.list({ limit: 10 })).filter((c) => c.parentPid === p.pid);
    const byName = new Map(children.map((c) => [c.name, c.pid]));
    expect([...byName.keys()].sort()).toEqual(['with', 'without']);
    expect(await results(t.runtime, byName.get('with')!)).toEqual([
      { isError: false, value: { lines: 2 } },
    ]);
    expect(await results(t.runtime, byName.get('without')!)).toMatchObject([
      { isError: true, value: { error: { code: 'NOT_FOUND' } } },
    ]);
    const inherited = await t.runtime.journal({ limit: 10, type: 'tool.inherited' });
    expect(inherited).toMatchObject([
      { pid: byName.get('with'), data: { names: ['count_lines'] } },
    ]);
  });
});
