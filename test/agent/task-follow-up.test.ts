// Tasks end to end on a real runtime and scripted model: a follow-up continues a finished run with
// its transcript, its Object Memory and never more authority than the operator left it.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLibosError, type LibosError } from '../../src/base/errors.js';
import type { Pid } from '../../src/base/ids.js';
import type { TranscriptItem } from '../../src/kernel/agent/types.js';
import type { Capability } from '../../src/kernel/capability/types.js';
import type { ModelProvider, ModelRequest } from '../../src/ports/model-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createScriptedProvider } from '../../src/models/scripted/create-scripted-provider.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

const MODEL = 'scripted:test';

/** The scripted provider, with every request it answered kept for the test to read. */
function scripted(agents: unknown[]): { models: () => ModelProvider; requests: ModelRequest[] } {
  const inner = createScriptedProvider({ agents } as never);
  const requests: ModelRequest[] = [];
  const provider: ModelProvider = {
    id: inner.id,
    complete: (request) => {
      requests.push(request);
      return inner.complete(request);
    },
  };
  return { models: () => provider, requests };
}

async function transcriptItems(runtime: Runtime, pid: Pid): Promise<TranscriptItem[]> {
  return (await runtime.transcript(pid, { limit: 1000 })).map((e) => e.item);
}

function pathOf(record: Capability): string | null {
  return record.resource.match === 'any' ? null : record.resource.path;
}

async function refusal(promise: Promise<unknown>): Promise<LibosError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isLibosError(error)) throw new Error(`expected a LibosError, got ${String(error)}`);
  return error;
}

describe('task follow-ups', () => {
  it('continues a finished task: the follow-up run reads the memory the first run wrote and sees its transcript', async () => {
    const { models, requests } = scripted([
      {
        goal: 'Keep notes',
        calls: [
          { memory_create: { name: 'notes', type: 'note', content: 'the first run was here' } },
          { exit: { result: 'noted' } },
          { memory_read: { name: 'notes' } },
          { exit: { result: 'read the notes' } },
        ],
      },
    ]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: MODEL }),
    });
    const started = await t.runtime.tasks.start({
      imageId: 'base',
      goal: 'Keep notes',
      model: MODEL,
    });
    expect(started).toMatchObject({ imageId: 'base', imageVersion: 2, runCount: 1 });
    const first = started.runs[0]!.pid;
    expect(await t.runtime.get(first)).toMatchObject({ imageId: 'base', imageVersion: 2 });
    await t.runtime.run();
    expect((await t.runtime.tasks.get(started.id)).status).toBe('exited');

    // A message to the ended run is refused, and says how to continue the work instead.
    const message = await refusal(t.runtime.send(first, 'now read your notes'));
    expect(message.code).toBe('ILLEGAL_TRANSITION');
    expect(message.message).toContain(`agent-libos task follow-up ${started.id}`);
    expect(message.details).toEqual({ task: started.id });
    const followed = await t.runtime.tasks.followUp(started.id, { text: 'now read your notes' });
    const second = followed.run.pid;
    expect(followed.run).toMatchObject({ index: 1, followUp: 'now read your notes' });
    expect(followed.task.status).toBe('live');
    expect(followed.objects).toBe(1);
    expect(await t.runtime.get(second)).toMatchObject({ imageId: 'base', imageVersion: 2 });
    await t.runtime.run();

    const view = await t.runtime.tasks.get(started.id);
    expect(view.status).toBe('exited');
    expect(view.runs.map((r) => [r.index, r.pid, r.followUp, r.process.state])).toEqual([
      [0, first, null, { kind: 'exited', result: 'noted' }],
      [1, second, 'now read your notes', { kind: 'exited', result: 'read the notes' }],
    ]);
    const items = await transcriptItems(t.runtime, second);
    // The earlier run's turns come first, its exit answered as done, then the follow-up.
    expect(items.slice(0, 5)).toMatchObject([
      { kind: 'model', toolCalls: [{ name: 'memory_create' }] },
      { kind: 'result', name: 'memory_create', isError: false },
      { kind: 'model', toolCalls: [{ name: 'exit' }] },
      { kind: 'result', name: 'exit', isError: false },
      { kind: 'input', from: 'operator', text: 'now read your notes' },
    ]);
    const read = items.find(
      (i): i is Extract<TranscriptItem, { kind: 'result' }> =>
        i.kind === 'result' && i.name === 'memory_read',
    );
    expect(read?.isError).toBe(false);
    expect(read?.content).toContain('the first run was here');
    // What the model was shown on the follow-up's first turn: the earlier run and the follow-up.
    const asked = requests.find((r) => r.caller.pid === second);
    expect(JSON.stringify(asked?.messages)).toContain('memory_create');
    expect(asked?.messages.at(-1)).toMatchObject({
      role: 'user',
      content: 'Message from operator: now read your notes',
    });
    // The memory is a link: a new object in the new private namespace, the same payload.
    const [before] = await t.runtime.store.read((r) =>
      r.listObjects({ namespace: `proc/${first}`, limit: 10 }),
    );
    const [after] = await t.runtime.store.read((r) =>
      r.listObjects({ namespace: `proc/${second}`, limit: 10 }),
    );
    expect(after?.name).toBe('notes');
    expect(after?.id).not.toBe(before?.id);
    const versions = await t.runtime.store.read(async (r) => [
      await r.getVersion(before!.id, 1),
      await r.getVersion(after!.id, 1),
    ]);
    expect(versions[1]?.sha256).toBe(versions[0]?.sha256);
    expect(versions[1]?.labels.sourceObjects).toEqual([`${before!.id}@1`]);
    const journal = await t.runtime.journal({ limit: 10, type: 'task.followed-up' });
    expect(journal).toHaveLength(1);
    expect(journal[0]?.data).toMatchObject({
      task: started.id,
      run: 1,
      previousPid: first,
      objects: 1,
    });
    expect(JSON.stringify(journal[0]?.data)).not.toContain('now read your notes');
  });

  it('never gives the continuation more authority: a revoked grant, a spent one-use grant and a dropped one stay gone; deny records stay', async () => {
    const { models } = scripted([
      {
        goal: 'Work on files',
        calls: [
          { write_file: { path: 'out.txt', content: 'once' } },
          { exit: { result: 'wrote' } },
          { read_file: { path: 'a.txt' } },
          { write_file: { path: 'out.txt', content: 'twice' } },
          { read_file: { path: 'b.txt' } },
          { read_file: { path: 'c.txt' } },
          { read_file: { path: 'docs/secret.txt' } },
          { read_file: { path: 'docs/open.txt' } },
          { read_file: { path: 'new.txt' } },
          { exit: { result: 'tried' } },
        ],
      },
    ]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: MODEL }),
    });
    await mkdir(join(t.workspace, 'docs'));
    for (const name of ['a.txt', 'b.txt', 'c.txt', 'docs/secret.txt', 'docs/open.txt', 'new.txt'])
      await writeFile(join(t.workspace, name), `content of ${name}`);
    const started = await t.runtime.tasks.start({
      imageId: 'base',
      goal: 'Work on files',
      model: MODEL,
      records: [
        { resource: 'fs:a.txt', rights: 'read' },
        { resource: 'fs:out.txt', rights: 'write', once: true },
        { resource: 'fs:b.txt', rights: 'read' },
        { resource: 'fs:c.txt', rights: 'read' },
        { resource: 'fs:docs/**', rights: 'read' },
        { resource: 'fs:docs/secret.txt', rights: 'read', effect: 'deny' },
      ],
    });
    const first = started.runs[0]!.pid;
    await t.runtime.run();
    expect((await t.runtime.get(first)).state).toEqual({ kind: 'exited', result: 'wrote' });
    const held = await t.runtime.capabilities({ subject: first, limit: 100 });
    const onA = held.find((c) => pathOf(c) === 'a.txt')!;
    const spent = held.find((c) => c.usesRemaining === 0)!;
    expect(pathOf(spent)).toBe('out.txt');
    await t.runtime.revoke(onA.id);

    const followed = await t.runtime.tasks.followUp(started.id, {
      text: 'try again',
      drop: ['fs:c.txt'],
      records: [{ resource: 'fs:new.txt', rights: 'read' }],
    });
    const second = followed.run.pid;
    const reasons = Object.fromEntries(followed.left.map((l) => [l.from, l.reason]));
    expect(reasons[spent.id]).toBe('spent');
    expect(reasons[held.find((c) => pathOf(c) === 'c.txt')!.id]).toBe('narrowed');
    const decision = async (resource: string, right: string): Promise<string> =>
      (await t.runtime.explain(second, resource, right)).decision.effect;
    expect(await decision('fs:a.txt', 'read')).toBe('deny');
    expect(await decision('fs:out.txt', 'write')).toBe('deny');
    expect(await decision('fs:b.txt', 'read')).toBe('allow');
    expect(await decision('fs:c.txt', 'read')).toBe('deny');
    expect(await decision('fs:docs/secret.txt', 'read')).toBe('deny');
    expect(await decision('fs:docs/open.txt', 'read')).toBe('allow');
    expect(await decision('fs:new.txt', 'read')).toBe('allow');
    await t.runtime.run();
    expect(await readFile(join(t.workspace, 'out.txt'), 'utf8')).toBe('once');
    const results = (await transcriptItems(t.runtime, second))
      .filter((i): i is Extract<TranscriptItem, { kind: 'result' }> => i.kind === 'result')
      .slice(2);
    expect(results.map((r) => [r.name, r.isError])).toEqual([
      ['read_file', true],
      ['write_file', true],
      ['read_file', false],
      ['read_file', true],
      ['read_file', true],
      ['read_file', false],
      ['read_file', false],
    ]);
    expect(results[0]?.content).toContain('NOT_PERMITTED');
    expect(results[4]?.content).not.toContain('content of docs/secret.txt');
    // Every operator record the continuation holds, but the one granted anew, is a live one of
    // the first run with the same resource, effect and no more rights.
    const live = held.filter((c) => c.id !== onA.id && c.usesRemaining !== 0);
    const carried = (await t.runtime.capabilities({ subject: second, limit: 100 })).filter(
      (c) => c.issuedBy === 'operator' && pathOf(c) !== 'new.txt',
    );
    expect(carried.length).toBeGreaterThan(0);
    for (const record of carried)
      expect(
        live.some(
          (k) =>
            k.issuedBy === 'operator' &&
            JSON.stringify(k.resource) === JSON.stringify(record.resource) &&
            k.effect === record.effect &&
            record.rights.every((r) => k.rights.includes(r)),
        ),
      ).toBe(true);
  });

  it('refuses a follow-up while the latest run is live, with ILLEGAL_TRANSITION and no trace', async () => {
    const { models } = scripted([]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: MODEL }),
    });
    const started = await t.runtime.tasks.start({ imageId: 'base', goal: 'Wait', model: MODEL });
    const root = started.runs[0]!.pid;
    const journalBefore = await t.runtime.journal({ limit: 1000 });
    const error = await refusal(t.runtime.tasks.followUp(started.id, { text: 'and then?' }));
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.message).toContain(root);
    expect(error.details).toMatchObject({ task: started.id, pid: root, state: 'runnable' });
    await t.runtime.signal(root, 'pause');
    expect(
      (await refusal(t.runtime.tasks.followUp(started.id, { text: 'and then?' }))).details,
    ).toMatchObject({ state: 'paused' });
    expect((await t.runtime.tasks.get(started.id)).runCount).toBe(1);
    expect(await t.runtime.list({ limit: 100 })).toHaveLength(1);
    const journalAfter = await t.runtime.journal({ limit: 1000 });
    expect(journalAfter.map((e) => e.type)).toEqual([
      ...journalBefore.map((e) => e.type),
      'process.paused',
    ]);
  });

  it('refuses bad follow-ups before touching anything: unknown task, empty or hidden text, a bad narrowing', async () => {
    const { models } = scripted([]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: MODEL }),
    });
    const started = await t.runtime.tasks.start({ imageId: 'base', goal: 'Done', model: MODEL });
    await t.runtime.run();
    const follow = (id: string, input: Parameters<Runtime['tasks']['followUp']>[1]) =>
      refusal(t.runtime.tasks.followUp(id, input));
    expect((await follow('task_nope/..', { text: 'x' })).code).toBe('INVALID_ID');
    expect((await follow('task_00000099', { text: 'x' })).code).toBe('NOT_FOUND');
    expect((await follow(started.id, { text: '  ' })).code).toBe('INVALID_INPUT');
    expect((await follow(started.id, { text: 'a\u202Eb' })).code).toBe('INVALID_INPUT');
    expect((await follow(started.id, { text: 'x', drop: ['fs:/etc'] })).code).toBe('INVALID_INPUT');
    expect((await follow(started.id, { text: 'x', only: ['fs:a=execute'] })).code).toBe(
      'INVALID_INPUT',
    );
    expect(
      (
        await follow(started.id, {
          text: 'x',
          records: [{ resource: 'object:obj_00000042', rights: 'read' }],
        })
      ).code,
    ).toBe('NOT_FOUND');
    expect((await t.runtime.tasks.get(started.id)).runCount).toBe(1);
    expect(await t.runtime.list({ limit: 100 })).toHaveLength(1);
  });

  it('closes the calls a killed run left open, so the continuation goes on from the follow-up', async () => {
    const { models } = scripted([
      {
        goal: 'Ask first',
        calls: [
          { ask_human: { question: 'Which file?' } },
          { exit: { result: 'after the follow-up' } },
        ],
      },
    ]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: MODEL }),
    });
    const started = await t.runtime.tasks.start({
      imageId: 'base',
      goal: 'Ask first',
      model: MODEL,
      records: [{ resource: 'human:owner', rights: 'ask' }],
    });
    const first = started.runs[0]!.pid;
    await t.runtime.run();
    expect((await t.runtime.get(first)).state.kind).toBe('waiting');
    await t.runtime.kill(first);
    expect((await t.runtime.tasks.get(started.id)).status).toBe('killed');
    const followed = await t.runtime.tasks.followUp(started.id, { text: 'use notes.md' });
    const items = await transcriptItems(t.runtime, followed.run.pid);
    expect(items).toMatchObject([
      { kind: 'model', toolCalls: [{ name: 'ask_human' }] },
      { kind: 'result', name: 'ask_human', isError: true },
      { kind: 'input', text: 'use notes.md' },
    ]);
    expect(JSON.parse((items[1] as { content: string }).content)).toMatchObject({
      error: { code: 'CANCELLED' },
    });
    await t.runtime.run();
    expect((await t.runtime.get(followed.run.pid)).state).toEqual({
      kind: 'exited',
      result: 'after the follow-up',
    });
  });

  it('compacts a continuation whose inherited transcript is over the context budget, with the existing compaction', async () => {
    const long = 'x'.repeat(2_000);
    const { models } = scripted([
      {
        goal: 'Talk a lot',
        calls: [
          { memory_create: { name: 'a', type: 'note', content: long } },
          { memory_create: { name: 'b', type: 'note', content: long } },
          { memory_create: { name: 'c', type: 'note', content: long } },
          { exit: { result: 'talked' } },
          { exit: { result: 'continued' } },
        ],
      },
    ]);
    await using t = await createTempRuntime({
      models,
      body: createAgentBody({ defaultModel: MODEL }),
    });
    const started = await t.runtime.tasks.start({
      imageId: 'base',
      goal: 'Talk a lot',
      model: MODEL,
    });
    await t.runtime.run();
    expect(await t.runtime.journal({ limit: 10, type: 'context.compacted' })).toHaveLength(0);
    // The operator runs the follow-up under a smaller context budget.
    const runtime = await t.reopen({
      models,
      body: createAgentBody({ defaultModel: MODEL, contextTokens: 400 }),
    });
    const followed = await runtime.tasks.followUp(started.id, { text: 'go on' });
    await runtime.run();
    const second = followed.run.pid;
    expect(
      await runtime.journal({ limit: 10, pid: second, type: 'context.compacted' }),
    ).not.toHaveLength(0);
    expect((await transcriptItems(runtime, second)).some((i) => i.kind === 'summary')).toBe(true);
    expect((await runtime.get(second)).state).toEqual({ kind: 'exited', result: 'continued' });
  });
});
