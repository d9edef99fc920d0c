// Model calls are an exit: a context holding a secret asks before it goes to the provider; an untainted agent never asks.
import { describe, expect, it } from 'vitest';
import type { ModelProvider } from '../../src/ports/model-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import { createScriptedProvider } from '../../src/models/scripted/create-scripted-provider.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { writeFiles } from './flow-harness.js';

function scripted(agents: unknown[]): (spec: string) => ModelProvider {
  const provider = createScriptedProvider({ agents } as never);
  return () => provider;
}

const AGENTS = [
  {
    goal: 'Read the key',
    calls: [{ read_file: { path: '.env' } }, { exit: { result: 'done' } }],
  },
  {
    goal: 'Read the readme',
    calls: [{ read_file: { path: 'README.md' } }, { exit: { result: 'done' } }],
  },
];

async function setup() {
  const t = await createTempRuntime({
    models: scripted(AGENTS),
    body: createAgentBody({ defaultModel: 'scripted:test' }),
  });
  await writeFiles(t.workspace, { '.env': 'API_KEY=sk-live-123', 'README.md': '# hi' });
  return t;
}

describe('model calls as an exit', () => {
  it('asks before a turn whose transcript holds a secret goes to the model, then goes on once allowed', async () => {
    await using t = await setup();
    const p = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'base',
      goal: 'Read the key',
    });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.run();
    const [held] = (await t.runtime.requests({ pid: p.pid })).filter(
      (r) => r.body.kind === 'permission',
    );
    expect(held?.body).toMatchObject({
      syscall: 'model.call',
      resource: 'exit:model/scripted/test',
      flow: {
        exit: 'model:scripted/test',
        clearance: 'internal',
        sensitivity: 'secret',
        sources: ['fs:.env (secret)'],
      },
    });
    expect((await t.runtime.get(p.pid)).state.kind).toBe('waiting');
    await t.runtime.decide(held?.id ?? '', { decision: 'allow_once' });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'done' });
  });

  it('never asks an agent that read only ordinary files', async () => {
    await using t = await setup();
    const p = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'base',
      goal: 'Read the readme',
    });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'done' });
    expect(await t.runtime.requests({ pid: p.pid })).toHaveLength(0);
  });

  it('lets a runtime whose models are cleared for secrets go on without asking', async () => {
    const t = await createTempRuntime({
      models: scripted(AGENTS),
      body: createAgentBody({ defaultModel: 'scripted:test' }),
      labelRules: [{ pattern: 'model:scripted/**', sensitivity: 'secret' }],
    });
    await using _t = t;
    await writeFiles(t.workspace, { '.env': 'API_KEY=sk-live-123' });
    const p = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'base',
      goal: 'Read the key',
    });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'done' });
  });
});
