// Security corpus: a model call is a syscall (capability, intent, journal, budget), and a model sees only what it may: no one-shot reads, nothing above its clearance.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { Sensitivity } from '../../src/kernel/object/types.js';
import type { ModelProvider, ModelRequest, ToolCall } from '../../src/ports/model-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';

const SPEC = 'capture:test';
const SECRET_TEXT = 'launch codes 0000';

/**
 * A model that records every request and answers turn N of a process from `turns` (the turns of
 * its goal when `turns` is keyed by goal), then with text.
 */
function capturingModel(
  turns:
    | readonly (readonly ToolCall[])[]
    | Readonly<Record<string, readonly (readonly ToolCall[])[]>> = [],
): {
  provider: ModelProvider;
  requests: ModelRequest[];
} {
  const requests: ModelRequest[] = [];
  return {
    requests,
    provider: {
      id: SPEC,
      complete(request) {
        requests.push(request);
        const script = Array.isArray(turns)
          ? turns
          : ((turns as Readonly<Record<string, readonly (readonly ToolCall[])[]>>)[
              request.caller.goal
            ] ?? []);
        const calls = script[request.turn ?? 0] ?? [];
        return Promise.resolve({
          text: calls.length === 0 ? 'done' : null,
          toolCalls: calls,
          usage: { inputTokens: 7, outputTokens: 3 },
          stopReason: calls.length === 0 ? 'end' : 'tool_calls',
          model: 'capture-1',
        });
      },
    },
  };
}

async function agentRuntime(
  model: ModelProvider,
  options: { modelClearance?: Sensitivity } = {},
): Promise<TempRuntime> {
  return createTempRuntime({
    models: () => model,
    body: createAgentBody({ defaultModel: SPEC }),
    ...options,
  });
}

async function manifest(t: TempRuntime, pid: Pid): Promise<unknown[]> {
  const entries = await t.runtime.journal({ pid, type: 'context.materialized', limit: 50 });
  return entries.flatMap((e) => e.data['excluded'] as unknown[]);
}

describe('a model call crosses the boundary', () => {
  it('is denied without model:<provider>/<model> call, and the model is never asked', async () => {
    const { provider, requests } = capturingModel();
    await using t = await agentRuntime(provider);
    const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'Think' });
    await t.runtime.run();
    expect(requests).toEqual([]);
    expect((await t.runtime.get(pid)).state).toMatchObject({
      kind: 'failed',
      code: 'NOT_PERMITTED',
    });
    const denied = await t.runtime.journal({ pid, type: 'syscall.denied', limit: 10 });
    expect(denied.map((e) => e.data)).toEqual([
      expect.objectContaining({ syscall: 'model.call', resource: 'model:capture/test' }),
    ]);
  });

  it('with the grant: an intent first, then a completion with the answer, the request hash and tokens charged', async () => {
    const { provider, requests } = capturingModel();
    await using t = await agentRuntime(provider);
    const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'Think', model: SPEC });
    await t.runtime.run();
    expect(requests).toHaveLength(1);
    expect((await t.runtime.get(pid)).state).toEqual({ kind: 'exited', result: 'done' });
    const [intended] = await t.runtime.journal({ pid, type: 'effect.intended', limit: 10 });
    const intentId: unknown = intended?.data.intent;
    const called = (await t.runtime.journal({ pid, type: 'syscall.completed', limit: 10 })).filter(
      (e) => e.data.syscall === 'model.call',
    );
    expect(called.map((e) => e.data)).toEqual([
      expect.objectContaining({
        model: 'capture-1',
        inputTokens: 7,
        outputTokens: 3,
        requestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
        responseSha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
        intent: intentId,
      }),
    ]);
    expect(intended!.seq).toBeLessThan(called[0]!.seq);
    const intents = await t.runtime.store.read((r) => r.listIntents({ pid, limit: 10 }));
    expect(intents.map((i) => [i.syscall, i.resource, i.state])).toEqual([
      ['model.call', 'model:capture/test', 'committed'],
    ]);
    expect((await t.runtime.get(pid)).usage.tokens).toBe(10);
  });

  it('lets a child call its parent’s model by a delegated record that revoking the parent’s revokes', async () => {
    const { provider, requests } = capturingModel({
      Lead: [
        [{ id: 'c1', name: 'spawn_agent', arguments: { image: 'base', goal: 'Help' } }],
        [{ id: 'c2', name: 'receive_messages', arguments: { wait: true } }],
      ],
    });
    await using t = await agentRuntime(provider);
    const { pid } = await t.runtime.spawn({ imageId: 'orchestrator', goal: 'Lead', model: SPEC });
    await t.runtime.grant({ subject: pid, resource: 'process:spawn', rights: 'spawn' });
    await t.runtime.run({ maxQuanta: 1 });
    const [child] = (await t.runtime.list({ limit: 10 })).filter((p) => p.parentPid === pid);
    const childModel = (await t.runtime.capabilities({ subject: child!.pid })).find(
      (c) => c.resource.kind === 'model',
    );
    expect(childModel).toMatchObject({ parentId: expect.any(String) as unknown, issuedBy: pid });
    const parentModel = (await t.runtime.capabilities({ subject: pid })).find(
      (c) => c.resource.kind === 'model',
    );
    await t.runtime.revoke(parentModel!.id);
    await t.runtime.run();
    // Both lost their model: the parent failed on its next call, the child was refused its first.
    const denied = await t.runtime.journal({ pid: child!.pid, type: 'syscall.denied', limit: 10 });
    expect(denied.map((e) => e.data['syscall'])).toEqual(['model.call']);
    expect(requests.filter((r) => r.caller.goal === 'Help')).toEqual([]);
  });
});

describe('what a model sees of Object Memory', () => {
  async function sharedSecret(t: TempRuntime, content: string): Promise<string> {
    await t.runtime.objects.createNamespace('shared/vault');
    const made = await t.runtime.objects.create({
      namespace: 'shared/vault',
      name: 'plan',
      type: 'note',
      content,
    });
    return made.object.id;
  }

  it('never materializes an object read only by a one-use grant, and leaves the use unspent', async () => {
    const { provider, requests } = capturingModel();
    await using t = await agentRuntime(provider);
    const id = await sharedSecret(t, SECRET_TEXT);
    const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'Think', model: SPEC });
    const grant = await t.runtime.grant({
      subject: pid,
      resource: `object:${id}`,
      rights: 'read',
      once: true,
    });
    await t.runtime.run();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.system).not.toContain(SECRET_TEXT);
    expect(await manifest(t, pid)).toContainEqual(expect.objectContaining({ reason: 'one-shot' }));
    const [record] = (await t.runtime.capabilities({ subject: pid })).filter(
      (c) => c.id === grant.id,
    );
    expect(record?.usesRemaining).toBe(1);
  });

  it('never materializes an object allowed once by a human (a counted grant request)', async () => {
    const { provider, requests } = capturingModel([
      [
        {
          id: 'c1',
          name: 'request_permission',
          arguments: {
            resource: 'object:ns/shared/vault/plan',
            rights: ['read'],
            reason: 'I need the plan',
          },
        },
      ],
    ]);
    await using t = await agentRuntime(provider);
    await sharedSecret(t, SECRET_TEXT);
    const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'Think', model: SPEC });
    await t.runtime.grant({ subject: pid, resource: 'human:owner', rights: 'ask' });
    await t.runtime.run();
    const [pending] = await t.runtime.requests();
    await t.runtime.decide(pending!.id, { decision: 'allow_once' });
    await t.runtime.run();
    expect(requests).toHaveLength(2);
    for (const request of requests) expect(request.system).not.toContain(SECRET_TEXT);
  });

  it.each([
    ['internal', ['public', 'internal'], ['confidential', 'secret']],
    ['secret', ['public', 'internal', 'confidential', 'secret'], []],
    ['public', ['public'], ['internal', 'confidential', 'secret']],
  ] as const)(
    'under a runtime clearance of %s shows %j and holds back %j',
    async (clearance, shown, held) => {
      const { provider, requests } = capturingModel();
      await using t = await agentRuntime(provider, { modelClearance: clearance });
      const { pid } = await t.runtime.spawn({ imageId: 'base', goal: 'Think', model: SPEC });
      for (const level of ['public', 'internal', 'confidential', 'secret'] as const)
        await t.runtime.objects.create({
          namespace: `proc/${pid}`,
          name: level,
          type: 'note',
          content: `${level} text`,
          sensitivity: level,
        });
      await t.runtime.run();
      for (const level of shown) expect(requests[0]?.system).toContain(`${level} text`);
      for (const level of held) expect(requests[0]?.system).not.toContain(`${level} text`);
      const clearanceHeld = (await manifest(t, pid)).filter(
        (e) => (e as { reason: string }).reason === 'clearance',
      );
      expect(clearanceHeld).toHaveLength(held.length);
    },
  );

  it('lets an image only lower the runtime clearance, never raise it', async () => {
    const { provider, requests } = capturingModel();
    await using t = await agentRuntime(provider);
    await t.runtime.registerImage({
      id: 'cleared',
      version: 1,
      description: 'Claims to see secrets',
      systemPrompt: 'You think.',
      tools: ['exit'],
      requirements: [],
      defaultBudget: {},
      defaultModel: null,
      modelClearance: 'secret',
    });
    const { pid } = await t.runtime.spawn({ imageId: 'cleared', goal: 'Think', model: SPEC });
    await t.runtime.objects.create({
      namespace: `proc/${pid}`,
      name: 'secret',
      type: 'note',
      content: SECRET_TEXT,
      sensitivity: 'secret',
    });
    await t.runtime.run();
    expect(requests[0]?.system).not.toContain(SECRET_TEXT);
  });
});
