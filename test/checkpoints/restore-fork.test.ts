// Checkpoints end to end on a real runtime: restore in place and fork, with memory, mailbox,
// transcript and authority as captured; never a revoked or spent grant back.
import { describe, expect, it } from 'vitest';
import { isLibosError } from '../../src/base/errors.js';
import type { Pid } from '../../src/base/ids.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { memoryText, planModel, type Step } from './checkpoint-kit.js';

const MODEL = 'plan:test';

/** Writes a note, waits for a message, rewrites the note from it, exits with the message. */
const PLAN: readonly Step[] = [
  { tool: 'memory_create', args: { name: 'notes', type: 'note', content: 'before' } },
  { tool: 'receive_messages', args: { wait: true } },
  { tool: 'memory_update', args: { name: 'notes', content: 'after' } },
  'exit-with-received',
];

async function started() {
  const t = await createTempRuntime({
    models: planModel(PLAN),
    body: createAgentBody({ defaultModel: MODEL }),
  });
  const agent = await t.runtime.spawn({ imageId: 'base', goal: 'work', model: MODEL });
  await t.runtime.run();
  return { t, pid: agent.pid };
}

describe('checkpoint restore and fork', () => {
  it('restores memory, transcript, state and mailbox in place, and the agent runs again from there', async () => {
    const { t, pid } = await started();
    await using _ = t;
    expect((await t.runtime.get(pid)).state).toMatchObject({ kind: 'waiting' });
    const checkpoint = await t.runtime.checkpoints.create(pid, { name: 'before the message' });
    const transcriptAt = await t.runtime.transcript(pid, { limit: 100 });
    await t.runtime.send(pid, 'first');
    await t.runtime.run();
    expect((await t.runtime.get(pid)).state).toMatchObject({ kind: 'exited' });
    expect(await memoryText(t.runtime, pid, 'notes')).toBe('after');

    const report = await t.runtime.checkpoints.restore(checkpoint.id);
    expect(report.restored).toEqual([pid]);
    expect(report.returned).toHaveLength(1);
    expect(report.objects).toEqual({ restored: 1, removed: 0 });
    expect(await memoryText(t.runtime, pid, 'notes')).toBe('before');
    expect(await t.runtime.transcript(pid, { limit: 100 })).toEqual(transcriptAt);
    // The message it took after the checkpoint is back in its mailbox, so it runs at once.
    expect((await t.runtime.get(pid)).state).toEqual({ kind: 'runnable' });
    await t.runtime.run();
    const after = await t.runtime.get(pid);
    expect(after.state).toMatchObject({ kind: 'exited' });
    expect(await memoryText(t.runtime, pid, 'notes')).toBe('after');
    const types = (await t.runtime.journal({ limit: 1000, pid })).map((e) => e.type);
    expect(types).toContain('checkpoint.restored');
  });

  it('forks two branches from one checkpoint that end with different results, the original untouched', async () => {
    const { t, pid } = await started();
    await using _ = t;
    const checkpoint = await t.runtime.checkpoints.create(pid);
    const left = await t.runtime.checkpoints.fork(checkpoint.id);
    const right = await t.runtime.checkpoints.fork(checkpoint.id);
    expect(new Set([pid, left.root, right.root]).size).toBe(3);
    expect(await memoryText(t.runtime, left.root, 'notes')).toBe('before');
    await t.runtime.send(left.root, 'go left');
    await t.runtime.send(right.root, 'go right');
    await t.runtime.run();
    const result = async (p: Pid) => (await t.runtime.get(p)).state;
    expect(JSON.stringify(await result(left.root))).toContain('go left');
    expect(JSON.stringify(await result(right.root))).toContain('go right');
    expect(await memoryText(t.runtime, left.root, 'notes')).toBe('after');
    // The original still waits where it was, its memory as it was.
    expect((await t.runtime.get(pid)).state).toMatchObject({ kind: 'waiting' });
    expect(await memoryText(t.runtime, pid, 'notes')).toBe('before');
  });

  it('never brings back a revoked grant or a spent one-shot, and drops grants made after the checkpoint', async () => {
    const { t, pid } = await started();
    await using _ = t;
    const kept = await t.runtime.grant({ subject: pid, resource: 'fs:docs/**', rights: ['read'] });
    const revokedLater = await t.runtime.grant({
      subject: pid,
      resource: 'fs:src/**',
      rights: ['read'],
    });
    const once = await t.runtime.grant({
      subject: pid,
      resource: 'fs:once.txt',
      rights: ['write'],
      once: true,
    });
    expect(once.usesRemaining).toBe(1);
    const checkpoint = await t.runtime.checkpoints.create(pid);
    await t.runtime.revoke(revokedLater.id);
    const added = await t.runtime.grant({ subject: pid, resource: 'fs:new/**', rights: ['read'] });

    const report = await t.runtime.checkpoints.restore(checkpoint.id);
    expect(report.revoked).toContain(added.id);
    expect(report.stillRevoked).toContain(revokedLater.id);
    const live = (await t.runtime.capabilities({ subject: pid, limit: 100 })).map((c) => c.id);
    expect(live).toContain(kept.id);
    expect(live).not.toContain(revokedLater.id);
    expect(live).not.toContain(added.id);

    const fork = await t.runtime.checkpoints.fork(checkpoint.id);
    const copies = await t.runtime.capabilities({ subject: fork.root, limit: 100 });
    const paths = copies.map((c) => (c.resource.match === 'any' ? '*' : c.resource.path));
    expect(paths).toContain('docs');
    expect(paths).not.toContain('src');
    expect(paths).not.toContain('once.txt');
    expect(
      copies.find((c) => c.resource.match !== 'any' && c.resource.path === 'docs')?.parentId,
    ).toBe(kept.id);
  });
});

describe('checkpoints an agent takes of itself', () => {
  it('after a restore, the checkpoint_create call it was in answers with the same checkpoint', async () => {
    const plan: readonly Step[] = [
      { tool: 'checkpoint_create', args: { name: 'start' } },
      { tool: 'memory_create', args: { name: 'notes', type: 'note', content: 'work' } },
      { tool: 'exit', args: { result: 'done' } },
    ];
    await using t = await createTempRuntime({
      models: planModel(plan),
      body: createAgentBody({ defaultModel: MODEL }),
    });
    const agent = await t.runtime.spawn({ imageId: 'orchestrator', goal: 'work', model: MODEL });
    await t.runtime.run();
    expect((await t.runtime.get(agent.pid)).state.kind).toBe('exited');
    const [checkpoint] = await t.runtime.checkpoints.list({ rootPid: agent.pid });
    expect(checkpoint).toMatchObject({ name: 'start', createdBy: agent.pid });
    if (checkpoint === undefined) throw new Error('no checkpoint');

    const report = await t.runtime.checkpoints.restore(checkpoint.id);
    expect(report.objects).toEqual({ restored: 0, removed: 1 });
    expect(await memoryText(t.runtime, agent.pid, 'notes')).toBeNull();
    await t.runtime.run();
    expect((await t.runtime.get(agent.pid)).state).toEqual({ kind: 'exited', result: 'done' });
    expect(await memoryText(t.runtime, agent.pid, 'notes')).toBe('work');
    // The call that took it was answered again from its stored outcome: still one checkpoint.
    expect(await t.runtime.checkpoints.list({ rootPid: agent.pid })).toHaveLength(1);
    const results = (await t.runtime.transcript(agent.pid, { limit: 100 }))
      .map((e) => e.item)
      .filter((i) => i.kind === 'result' && i.name === 'checkpoint_create');
    expect(results).toHaveLength(1);
    expect(JSON.stringify(results[0])).toContain(checkpoint.id);
  });

  it('forks a parent with its child: both copied, the child under the copied parent', async () => {
    await using t = await createTempRuntime({
      models: planModel(PLAN),
      body: createAgentBody({ defaultModel: MODEL }),
    });
    const parent = await t.runtime.spawn({ imageId: 'base', goal: 'work', model: MODEL });
    const child = await t.runtime.spawn({
      imageId: 'base',
      goal: 'work',
      model: MODEL,
      parentPid: parent.pid,
    });
    await t.runtime.run();
    const checkpoint = await t.runtime.checkpoints.create(parent.pid);
    expect(checkpoint.processCount).toBe(2);
    const fork = await t.runtime.checkpoints.fork(checkpoint.id);
    const copyOf = new Map(fork.pids.map((p) => [p.from, p.to]));
    const childCopy = copyOf.get(child.pid);
    if (childCopy === undefined) throw new Error('child not copied');
    expect((await t.runtime.get(childCopy)).parentPid).toBe(fork.root);
    expect(await memoryText(t.runtime, childCopy, 'notes')).toBe('before');
    // The copied parent may message and signal its copied child (fresh lineage records).
    const records = await t.runtime.capabilities({ subject: fork.root, limit: 100 });
    expect(records.some((r) => r.resource.match === 'exact' && r.resource.path === childCopy)).toBe(
      true,
    );
    const diff = await t.runtime.checkpoints.diff(checkpoint.id);
    expect(diff.addedProcesses).toEqual([]);
  });
});

describe('effects a restore cannot take back', () => {
  it('lists the file write made since, and the one-shot grant it spent stays spent', async () => {
    const plan: readonly Step[] = [
      { tool: 'receive_messages', args: { wait: true } },
      { tool: 'write_file', args: { path: 'once.txt', content: 'written once' } },
      { tool: 'exit', args: { result: 'done' } },
    ];
    await using t = await createTempRuntime({
      models: planModel(plan),
      body: createAgentBody({ defaultModel: MODEL }),
    });
    const agent = await t.runtime.spawn({ imageId: 'base', goal: 'work', model: MODEL });
    const once = await t.runtime.grant({
      subject: agent.pid,
      resource: 'fs:once.txt',
      rights: ['write'],
      once: true,
    });
    await t.runtime.run();
    const checkpoint = await t.runtime.checkpoints.create(agent.pid);
    await t.runtime.send(agent.pid, 'go');
    await t.runtime.run();
    expect((await t.runtime.get(agent.pid)).state.kind).toBe('exited');
    const spent = await t.runtime.store.read((r) => r.getCapability(once.id));
    expect(spent?.usesRemaining).toBe(0);

    const report = await t.runtime.checkpoints.restore(checkpoint.id);
    expect(report.external.map((e) => [e.syscall, e.resource])).toContainEqual([
      'fs.write',
      'fs:once.txt',
    ]);
    expect((await t.runtime.store.read((r) => r.getCapability(once.id)))?.usesRemaining).toBe(0);
    // Run again from the checkpoint: the write is not allowed a second time.
    await t.runtime.run();
    const writes = (await t.runtime.transcript(agent.pid, { limit: 100 }))
      .map((e) => e.item)
      .filter((i) => i.kind === 'result' && i.name === 'write_file');
    expect(writes).toMatchObject([{ isError: true }]);
  });
});

describe('a fork under a live parent', () => {
  it('is one more child of that parent: refused when its children budget is used up', async () => {
    await using t = await createTempRuntime({});
    const parent = await t.runtime.spawn({ imageId: 'base', goal: 'p', budget: { children: 1 } });
    const child = await t.runtime.spawn({ imageId: 'base', goal: 'c', parentPid: parent.pid });
    const checkpoint = await t.runtime.checkpoints.create(child.pid);
    const error = await t.runtime.checkpoints.fork(checkpoint.id).catch((e: unknown) => e);
    expect(isLibosError(error, 'BUDGET_EXCEEDED')).toBe(true);
    // Nothing of the fork was made.
    expect(await t.runtime.list({ limit: 10 })).toHaveLength(2);
  });
});
