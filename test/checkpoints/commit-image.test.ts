// `image commit`: a checkpoint's root baked into a new image version (prompt, tools, JIT tools,
// objects by reference), its outside authority declared and never granted; a spawn of that
// image starts with the objects and the JIT tools; bad input registers nothing.
import { describe, expect, it } from 'vitest';
import { isLibosError } from '../../src/base/errors.js';
import type { Pid } from '../../src/base/ids.js';
import { findBuiltinImage } from '../../src/kernel/agent/find-builtin-image.js';
import { JIT_TABLE_SETTING, parseJitTable } from '../../src/kernel/agent/jit-tool.js';
import { createScriptedProvider } from '../../src/models/scripted/create-scripted-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { memoryText } from './checkpoint-kit.js';

const MODEL = 'scripted:commit';
const PROPOSAL = {
  name: 'shout',
  description: 'Says it louder.',
  argsSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  source: 'export async function run(args: { text: string }) { return args.text.toUpperCase(); }',
};
const provider = createScriptedProvider({
  agents: [
    {
      goal: 'Build a tool',
      calls: [
        { propose_tool: PROPOSAL },
        { register_tool: { name: 'shout' } },
        { memory_create: { name: 'notes', type: 'note', content: 'what I learned' } },
        { receive_messages: { wait: true } },
        { memory_update: { name: 'notes', content: 'later, changed' } },
        { exit: { result: 'done' } },
      ],
    },
    { goal: 'Use what you were given', calls: [{ receive_messages: { wait: true } }] },
    {
      goal: 'Change the notes',
      calls: [
        { memory_update: { name: 'notes', content: 'changed by the first run' } },
        { exit: { result: 'changed' } },
      ],
    },
  ],
});

async function built() {
  const t = await createTempRuntime({
    models: () => provider,
    body: createAgentBody({ defaultModel: MODEL }),
  });
  const agent = await t.runtime.spawn({ imageId: 'coding', goal: 'Build a tool', model: MODEL });
  await t.runtime.grant({ subject: agent.pid, resource: 'tool:*', rights: 'register' });
  await t.runtime.grant({ subject: agent.pid, resource: 'fs:src/**', rights: 'read' });
  await t.runtime.grant({
    subject: agent.pid,
    resource: 'fs:secret/**',
    rights: 'read',
    effect: 'deny',
  });
  await t.runtime.run();
  expect((await t.runtime.get(agent.pid)).state).toMatchObject({ kind: 'waiting' });
  return { t, pid: agent.pid };
}

async function jitNames(runtime: Runtime, pid: Pid): Promise<string[]> {
  const table = parseJitTable(
    await runtime.store.read((r) => r.getSetting(pid, JIT_TABLE_SETTING)),
  );
  return Object.keys(table);
}

describe('image commit', () => {
  it('bakes the root as captured into a new image version and a spawn of it starts with its objects and JIT tools', async () => {
    const { t, pid } = await built();
    await using _ = t;
    const checkpoint = await t.runtime.checkpoints.create(pid, { name: 'tool built' });
    // Changed after the checkpoint: the image takes the captured version, not this one.
    await t.runtime.send(pid, 'go on');
    await t.runtime.run();
    expect(await memoryText(t.runtime, pid, 'notes')).toBe('later, changed');

    const image = await t.runtime.checkpoints.commitImage(checkpoint.id, { as: 'toolsmith@1' });
    const coding = findBuiltinImage({ id: 'coding' })!;
    expect(image).toMatchObject({
      id: 'toolsmith',
      version: 1,
      systemPrompt: coding.systemPrompt,
      tools: coding.tools,
      defaultBudget: coding.defaultBudget,
    });
    expect(image.description).toContain(`committed from ${checkpoint.id} (tool built) of ${pid}`);
    expect(image.objects?.map((o) => [o.name, o.type])).toEqual([
      ['notes', 'note'],
      ['tool-proposal.shout', 'json'],
    ]);
    expect(image.jitTools?.map((tool) => tool.name)).toEqual(['shout']);
    // Outside authority is declared, never granted: one requirement per record, no lineage, no deny.
    const held = image.requirements.filter((r) => r.why.startsWith('held by'));
    const why = `held by ${pid} at checkpoint ${checkpoint.id}`;
    // The model the operator chose is authority from outside too (model:<provider>/<model> call).
    expect(held).toEqual([
      { resource: 'model:scripted/commit', rights: ['call'], why },
      { resource: 'fs:src/**', rights: ['read'], why },
    ]);
    expect(image.requirements.filter((r) => r.resource === 'tool:*')).toHaveLength(1);
    expect(await t.runtime.image('toolsmith@1')).toEqual(image);
    const journal = await t.runtime.journal({ limit: 10, type: 'image.committed' });
    expect(journal).toMatchObject([
      { pid, data: { checkpoint: checkpoint.id, image: 'toolsmith@1' } },
    ]);

    const child = await t.runtime.spawn({
      imageId: 'toolsmith',
      goal: 'Use what you were given',
      model: MODEL,
    });
    expect(await memoryText(t.runtime, child.pid, 'notes')).toBe('what I learned');
    expect(await jitNames(t.runtime, child.pid)).toEqual(['shout']);
    const caps = await t.runtime.capabilities({ subject: child.pid, limit: 100 });
    expect(caps.some((c) => c.resource.kind === 'fs' || c.resource.kind === 'tool')).toBe(false);
    const seeded = await t.runtime.journal({ limit: 10, pid: child.pid, type: 'image.seeded' });
    expect(seeded).toMatchObject([
      {
        data: { image: 'toolsmith@1', objects: ['notes', 'tool-proposal.shout'], tools: ['shout'] },
      },
    ]);
    // The seeded object shares the committed payload and says where it came from.
    const notes = await t.runtime.store.read(async (r) => {
      const object = await r.findObject(`proc/${child.pid}`, 'notes');
      return object === undefined ? undefined : r.getVersion(object.id, 1);
    });
    expect(notes?.sha256).toBe(image.objects?.[0]?.sha256);
    expect(notes?.labels.sourceObjects).toEqual([image.objects?.[0]?.source]);
  });

  it('refuses a target without a version, a built-in id, a taken version and an unknown checkpoint, registering nothing', async () => {
    const { t, pid } = await built();
    await using _ = t;
    const checkpoint = await t.runtime.checkpoints.create(pid);
    await t.runtime.checkpoints.commitImage(checkpoint.id, { as: 'taken@1' });
    const codeOf = async (id: string, as: string): Promise<unknown> => {
      const error = await t.runtime.checkpoints.commitImage(id, { as }).catch((e: unknown) => e);
      return isLibosError(error) ? error.code : error;
    };
    expect(await codeOf(checkpoint.id, 'toolsmith')).toBe('INVALID_INPUT');
    expect(await codeOf(checkpoint.id, 'toolsmith@x')).toBe('INVALID_INPUT');
    expect(await codeOf(checkpoint.id, 'Bad_Id@1')).toBe('INVALID_INPUT');
    expect(await codeOf(checkpoint.id, 'base@9')).toBe('ALREADY_EXISTS');
    expect(await codeOf(checkpoint.id, 'taken@1')).toBe('ALREADY_EXISTS');
    expect(await codeOf('ckpt_../x', 'toolsmith@1')).toBe('INVALID_ID');
    expect(await codeOf('ckpt_00000000000000000000000000', 'toolsmith@1')).toBe('NOT_FOUND');
    const images = await t.runtime.images({ limit: 100 });
    expect(images.map((i) => `${i.id}@${i.version}`)).toEqual(['taken@1']);
    expect(await t.runtime.journal({ limit: 10, type: 'image.committed' })).toHaveLength(1);
  });

  it("seeds a task's first run, and its follow-up carries that run's memory instead of seeding again", async () => {
    const { t, pid } = await built();
    await using _ = t;
    const checkpoint = await t.runtime.checkpoints.create(pid);
    await t.runtime.checkpoints.commitImage(checkpoint.id, { as: 'toolsmith@1' });
    const task = await t.runtime.tasks.start({
      imageId: 'toolsmith',
      goal: 'Change the notes',
      model: MODEL,
    });
    const first = task.runs[0]!.pid;
    await t.runtime.run({ subtree: first });
    expect((await t.runtime.get(first)).state).toEqual({ kind: 'exited', result: 'changed' });
    const followed = await t.runtime.tasks.followUp(task.id, { text: 'go on' });
    expect(followed.objects).toBe(2);
    expect(await memoryText(t.runtime, followed.run.pid, 'notes')).toBe('changed by the first run');
    expect(await jitNames(t.runtime, followed.run.pid)).toEqual(['shout']);
    const seeded = await t.runtime.journal({ limit: 10, type: 'image.seeded' });
    expect(seeded.map((e) => e.pid)).toEqual([first]);
  });
});
