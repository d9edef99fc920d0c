import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelProvider } from '../../src/ports/model-provider.js';
import type { AgentEvent } from '../../src/runtime/agent/agent-options.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import { createScriptedProvider } from '../../src/models/scripted/create-scripted-provider.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

function scripted(agents: unknown[]): (spec: string) => ModelProvider {
  const provider = createScriptedProvider({ agents } as never);
  return () => provider;
}

describe('the agent loop', () => {
  it('runs a scripted base agent: reads, edits, writes, and exits with its result', async () => {
    const models = scripted([
      {
        goal: 'Fix the greeting',
        calls: [
          { read_file: { path: 'hello.txt' } },
          { edit_file: { path: 'hello.txt', old: 'wrold', new: 'world' } },
          { write_file: { path: 'done.txt', content: 'fixed' } },
          { exit: { result: 'greeting fixed' } },
        ],
      },
    ]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: 'scripted:test' }),
    });
    await writeFile(join(t.workspace, 'hello.txt'), 'hello wrold');
    const p = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'base',
      goal: 'Fix the greeting',
    });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read,write' });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toEqual({
      kind: 'exited',
      result: 'greeting fixed',
    });
    expect(await readFile(join(t.workspace, 'hello.txt'), 'utf8')).toBe('hello world');
    expect(await readFile(join(t.workspace, 'done.txt'), 'utf8')).toBe('fixed');
    const transcript = await t.runtime.store.read((r) => r.listTranscript(p.pid, { limit: 100 }));
    expect(transcript.map((e) => e.item.kind)).toEqual([
      'model',
      'result',
      'model',
      'result',
      'model',
      'result',
      'model',
    ]);
    expect((await t.runtime.get(p.pid)).usage.toolCalls).toBe(4);
  });

  it('shows a denial to the model as an error result, and the agent goes on', async () => {
    const models = scripted([
      {
        goal: 'Peek',
        calls: [
          { read_file: { path: 'secret.txt' } },
          { read_file: { path: 'public.txt' } },
          { exit: { result: 'ok' } },
        ],
      },
    ]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: 'scripted:test' }),
    });
    await writeFile(join(t.workspace, 'secret.txt'), 's3cret');
    await writeFile(join(t.workspace, 'public.txt'), 'hello');
    const p = await t.runtime.spawn({ model: 'scripted:test', imageId: 'research', goal: 'Peek' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:public.txt', rights: 'read' });
    await t.runtime.run();
    const results = (
      await t.runtime.store.read((r) => r.listTranscript(p.pid, { limit: 100 }))
    ).flatMap((e) => (e.item.kind === 'result' ? [e.item] : []));
    expect(results[0]).toMatchObject({ isError: true });
    expect(JSON.parse(results[0]!.content)).toMatchObject({ error: { code: 'NOT_PERMITTED' } });
    expect(results[0]!.content).not.toContain('s3cret');
    expect(results[1]).toMatchObject({ isError: false });
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'ok' });
  });

  it('reports each tool call as it ended: ok, denied or failed with the code, blocked', async () => {
    const models = scripted([
      {
        goal: 'Peek',
        calls: [
          { read_file: { path: 'secret.txt' } },
          { read_file: { path: 'missing.txt' } },
          { read_file: { path: 'public.txt' } },
          { ask_human: { question: 'Which one?' } },
        ],
      },
    ]);
    const events: AgentEvent[] = [];
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({
        defaultModel: 'scripted:test',
        onEvent: (event) => events.push(event),
      }),
    });
    await writeFile(join(t.workspace, 'public.txt'), 'hello');
    const p = await t.runtime.spawn({ model: 'scripted:test', imageId: 'research', goal: 'Peek' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.grant({
      subject: p.pid,
      resource: 'fs:secret.txt',
      rights: 'read',
      effect: 'deny',
    });
    await t.runtime.grant({ subject: p.pid, resource: 'human:owner', rights: 'ask' });
    await t.runtime.run();
    expect(
      events.flatMap((e) => (e.type === 'tool-call' ? [[e.tool, e.outcome, e.code]] : [])),
    ).toEqual([
      ['read_file', 'denied', 'NOT_PERMITTED'],
      ['read_file', 'failed', 'NOT_FOUND'],
      ['read_file', 'ok', null],
      ['ask_human', 'blocked', null],
    ]);
  });

  it('turns an unknown tool and invalid arguments into tool errors without stopping the agent', async () => {
    const models = scripted([
      {
        goal: 'Misbehave',
        calls: [
          { launch_rockets: { count: 3 } },
          { read_file: { file: 'x' } },
          { write_file: { path: 'a.txt', content: 'x' } },
          { exit: { result: 'survived' } },
        ],
      },
    ]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: 'scripted:test' }),
    });
    const p = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'research',
      goal: 'Misbehave',
    });
    await t.runtime.run();
    const errors = (
      await t.runtime.store.read((r) => r.listTranscript(p.pid, { limit: 100 }))
    ).flatMap((e) =>
      e.item.kind === 'result' ? [JSON.parse(e.item.content) as { error?: { code: string } }] : [],
    );
    // write_file is not in the research image's tool table: visible tools are exactly the image's.
    expect(errors.map((e) => e.error?.code)).toEqual(['NOT_FOUND', 'INVALID_INPUT', 'NOT_FOUND']);
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'survived' });
  });

  it('waits on a human answer and resumes at the same call', async () => {
    const models = scripted([
      {
        goal: 'Ask',
        calls: [{ ask_human: { question: 'Which colour?' } }, { exit: { result: 'asked' } }],
      },
    ]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: 'scripted:test' }),
    });
    const p = await t.runtime.spawn({ model: 'scripted:test', imageId: 'base', goal: 'Ask' });
    await t.runtime.grant({ subject: p.pid, resource: 'human:owner', rights: 'ask' });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toMatchObject({
      kind: 'waiting',
      wait: { on: 'human' },
    });
    const [request] = await t.runtime.requests();
    await t.runtime.decide(request!.id, { answer: 'blue' });
    await t.runtime.run();
    const results = (
      await t.runtime.store.read((r) => r.listTranscript(p.pid, { limit: 100 }))
    ).flatMap((e) => (e.item.kind === 'result' ? [JSON.parse(e.item.content) as unknown] : []));
    expect(results[0]).toMatchObject({ answer: 'blue', state: 'answered' });
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'asked' });
  });

  it('keeps notes in Object Memory through the memory tools and sees them in its next context', async () => {
    const systems: string[] = [];
    const provider = createScriptedProvider({
      agents: [
        {
          goal: 'Remember',
          calls: [
            { memory_create: { name: 'plan', type: 'plan', content: 'step one' } },
            { memory_read: { name: 'plan' } },
            { memory_update: { name: 'plan', content: 'step two' } },
            { memory_list: {} },
            { exit: { result: 'remembered' } },
          ],
        },
      ],
    });
    const models = (): ModelProvider => ({
      id: provider.id,
      complete: (request) => {
        systems.push(request.system);
        return provider.complete(request);
      },
    });
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: 'scripted:test' }),
    });
    const p = await t.runtime.spawn({ model: 'scripted:test', imageId: 'base', goal: 'Remember' });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'remembered' });
    const results = (
      await t.runtime.store.read((r) => r.listTranscript(p.pid, { limit: 100 }))
    ).flatMap((e) => (e.item.kind === 'result' ? [e.item] : []));
    expect(results.map((r) => r.isError)).toEqual([false, false, false, false]);
    expect(JSON.parse(results[2]!.content)).toMatchObject({ version: 2 });
    // The plan object is materialized into the model's context on later turns, newest version.
    expect(systems[0]).not.toContain('step one');
    expect(systems.at(-1)).toContain('step two');
    // A manifest for each turn whose context held the plan (the first turn's had no object).
    const manifests = await t.runtime.journal({
      limit: 100,
      pid: p.pid,
      type: 'context.materialized',
    });
    expect(manifests.map((e) => (e.data.included as unknown[]).length)).toEqual([1, 1, 1, 1]);
  });
});
