// ARCHITECTURE §3 budgets through the agent loop: tokens are checked before each model call and
// charged after it, tool calls are charged before dispatch; the process's policy pauses or kills.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import { createScriptedProvider } from '../../src/models/scripted/create-scripted-provider.js';
import type { ModelProvider, ModelRequest } from '../../src/ports/model-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

const GOAL = 'Read three files';

/** A scripted model reading a.txt three times, counting the calls it answers. */
function countingModel(): { provider: ModelProvider; calls: ModelRequest[] } {
  const scripted = createScriptedProvider({
    agents: [
      {
        goal: GOAL,
        calls: [
          { read_file: { path: 'a.txt' } },
          { read_file: { path: 'a.txt' } },
          { read_file: { path: 'a.txt' } },
          { exit: { result: 'read' } },
        ],
      },
    ],
  });
  const calls: ModelRequest[] = [];
  return {
    calls,
    provider: {
      id: scripted.id,
      complete: (request) => {
        calls.push(request);
        return scripted.complete(request);
      },
    },
  };
}

async function budgetEntries(runtime: Runtime, pid: Pid): Promise<unknown[]> {
  return (await runtime.journal({ limit: 100, pid, type: 'budget.exceeded' })).map((e) => e.data);
}

async function resultCount(runtime: Runtime, pid: Pid): Promise<number> {
  const transcript = await runtime.store.read((r) => r.listTranscript(pid, { limit: 100 }));
  return transcript.filter((e) => e.item.kind === 'result').length;
}

describe('agent budgets', () => {
  it('pauses an agent whose next model call does not fit its tokens budget, without calling the model', async () => {
    const model = countingModel();
    await using t = await createTempRuntime({
      models: () => model.provider,
      body: createAgentBody({ defaultModel: 'scripted:test' }),
    });
    const p = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'base',
      goal: GOAL,
      budget: { tokens: 10 },
    });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toMatchObject({
      kind: 'paused',
      reason: 'budget',
    });
    expect(await budgetEntries(t.runtime, p.pid)).toStrictEqual([
      { dimension: 'tokens', holder: p.pid, policy: 'pause' },
    ]);
    expect(model.calls).toHaveLength(0);
    expect((await t.runtime.get(p.pid)).usage.tokens).toBe(0);
  });

  it('charges the tokens a model reported and pauses once they pass the budget, keeping the answer', async () => {
    const provider: ModelProvider = {
      id: 'fixture:greedy',
      complete: () =>
        Promise.resolve({
          text: null,
          toolCalls: [{ id: 'call_1', name: 'exit', arguments: { result: 'never' } }],
          usage: { inputTokens: 400_000, outputTokens: 200_000 },
          stopReason: 'tool_calls',
          model: 'greedy',
        }),
    };
    await using t = await createTempRuntime({
      models: () => provider,
      body: createAgentBody({ defaultModel: provider.id }),
    });
    const p = await t.runtime.spawn({
      model: provider.id,
      imageId: 'base',
      goal: GOAL,
      budget: { tokens: 100_000 },
    });
    await t.runtime.run();
    const after = await t.runtime.get(p.pid);
    expect(after.state).toMatchObject({ kind: 'paused', reason: 'budget' });
    expect(after.usage.tokens).toBe(600_000);
    expect(await budgetEntries(t.runtime, p.pid)).toMatchObject([{ dimension: 'tokens' }]);
    // The answer was persisted before the policy applied; its exit call was never dispatched.
    const transcript = await t.runtime.store.read((r) => r.listTranscript(p.pid, { limit: 10 }));
    expect(transcript.map((e) => e.item.kind)).toStrictEqual(['model']);
  });

  it('pauses an agent at its toolCalls budget before dispatching the call over it', async () => {
    const model = countingModel();
    await using t = await createTempRuntime({
      models: () => model.provider,
      body: createAgentBody({ defaultModel: 'scripted:test' }),
    });
    await writeFile(join(t.workspace, 'a.txt'), 'alpha');
    const p = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'base',
      goal: GOAL,
      budget: { toolCalls: 2 },
    });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.run();
    const after = await t.runtime.get(p.pid);
    expect(after.state).toMatchObject({ kind: 'paused', reason: 'budget' });
    expect(after.usage.toolCalls).toBe(2);
    expect(await budgetEntries(t.runtime, p.pid)).toStrictEqual([
      { dimension: 'toolCalls', holder: p.pid, policy: 'pause' },
    ]);
    // Three answers, two results: the third call was refused before it ran.
    expect(model.calls).toHaveLength(3);
    expect(await resultCount(t.runtime, p.pid)).toBe(2);
    expect(
      await t.runtime.journal({ limit: 100, pid: p.pid, type: 'tool.completed' }),
    ).toHaveLength(2);
  });

  it('kills an agent over its toolCalls budget when its policy is kill', async () => {
    const model = countingModel();
    await using t = await createTempRuntime({
      models: () => model.provider,
      body: createAgentBody({ defaultModel: 'scripted:test' }),
    });
    await writeFile(join(t.workspace, 'a.txt'), 'alpha');
    const p = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'base',
      goal: GOAL,
      budget: { toolCalls: 1 },
      onBudgetExceeded: 'kill',
    });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toStrictEqual({
      kind: 'killed',
      signal: 'kill',
      by: 'runtime',
    });
    expect(await budgetEntries(t.runtime, p.pid)).toStrictEqual([
      { dimension: 'toolCalls', holder: p.pid, policy: 'kill' },
    ]);
    expect(await resultCount(t.runtime, p.pid)).toBe(1);
    expect(await t.runtime.run()).toStrictEqual({ quanta: 0, stoppedBy: 'idle' });
  });

  it('kills an agent over its tokens budget when its policy is kill', async () => {
    const model = countingModel();
    await using t = await createTempRuntime({
      models: () => model.provider,
      body: createAgentBody({ defaultModel: 'scripted:test' }),
    });
    const p = await t.runtime.spawn({
      model: 'scripted:test',
      imageId: 'base',
      goal: GOAL,
      budget: { tokens: 10 },
      onBudgetExceeded: 'kill',
    });
    await t.runtime.run();
    expect((await t.runtime.get(p.pid)).state).toMatchObject({ kind: 'killed', by: 'runtime' });
    expect(await budgetEntries(t.runtime, p.pid)).toStrictEqual([
      { dimension: 'tokens', holder: p.pid, policy: 'kill' },
    ]);
    expect(model.calls).toHaveLength(0);
  });
});
