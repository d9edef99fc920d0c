// Workspace rollback through a checkpoint restore: the files an agent overwrote, deleted, moved
// and created go back to the checkpoint's bytes; a file a human changed since refuses the whole
// restore (state and files untouched) unless forced.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLibosError } from '../../src/base/errors.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { planModel, type Step } from './checkpoint-kit.js';

const MODEL = 'plan:files';

const PLAN: readonly Step[] = [
  { tool: 'receive_messages', args: { wait: true } },
  { tool: 'write_file', args: { path: 'a.txt', content: 'a, rewritten by the agent' } },
  { tool: 'delete_file', args: { path: 'b.txt' } },
  { tool: 'move_file', args: { from: 'c.txt', to: 'moved/c.txt' } },
  { tool: 'write_file', args: { path: 'new.txt', content: 'made by the agent' } },
  { tool: 'exit', args: { result: 'edited' } },
];

async function edited() {
  const t = await createTempRuntime({
    models: planModel(PLAN),
    body: createAgentBody({ defaultModel: MODEL }),
  });
  for (const [name, text] of [
    ['a.txt', 'a as it was'],
    ['b.txt', 'b as it was'],
    ['c.txt', 'c as it was'],
  ] as const)
    await writeFile(join(t.workspace, name), text);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(t.workspace, 'moved'));
  const agent = await t.runtime.spawn({ imageId: 'base', goal: 'edit', model: MODEL });
  await t.runtime.grant({
    subject: agent.pid,
    resource: 'fs:**',
    rights: ['read', 'write', 'delete'],
  });
  await t.runtime.run();
  const checkpoint = await t.runtime.checkpoints.create(agent.pid, { name: 'before the edits' });
  await t.runtime.send(agent.pid, 'go');
  await t.runtime.run();
  expect((await t.runtime.get(agent.pid)).state).toEqual({ kind: 'exited', result: 'edited' });
  return { t, agent, checkpoint };
}

const read = (dir: string, path: string) =>
  readFile(join(dir, path), 'utf8').catch((e: unknown) => (e as NodeJS.ErrnoException).code);

describe('checkpoint restore --files', () => {
  it('puts back what the agent overwrote, deleted and moved, and removes what it made', async () => {
    const { t, agent, checkpoint } = await edited();
    await using _ = t;
    const diffs = await t.runtime.checkpoints.fileDiff(checkpoint.id);
    expect(diffs.map((d) => [d.path, d.status])).toEqual([
      ['a.txt', 'modified'],
      ['b.txt', 'deleted'],
      ['c.txt', 'deleted'],
      ['moved/c.txt', 'added'],
      ['new.txt', 'added'],
    ]);
    expect(diffs[0]?.diff).toContain('-a as it was');
    expect(diffs[0]?.diff).toContain('+a, rewritten by the agent');

    const report = await t.runtime.checkpoints.restore(checkpoint.id, { files: true });
    expect(report.files).toMatchObject({ applied: true, conflicts: [], skipped: [] });
    expect(await read(t.workspace, 'a.txt')).toBe('a as it was');
    expect(await read(t.workspace, 'b.txt')).toBe('b as it was');
    expect(await read(t.workspace, 'c.txt')).toBe('c as it was');
    expect(await read(t.workspace, 'moved/c.txt')).toBe('ENOENT');
    expect(await read(t.workspace, 'new.txt')).toBe('ENOENT');
    expect((await t.runtime.get(agent.pid)).state.kind).toBe('runnable');
    // Restoring again finds every file already as at the checkpoint.
    const again = await t.runtime.checkpoints.restore(checkpoint.id, { files: true });
    expect(again.files?.unchanged).toHaveLength(5);
  });

  it('refuses when a human changed a file since, changing neither state nor files; --force puts it back', async () => {
    const { t, agent, checkpoint } = await edited();
    await using _ = t;
    await writeFile(join(t.workspace, 'a.txt'), 'the human edited this afterwards');
    const error = await t.runtime.checkpoints
      .restore(checkpoint.id, { files: true })
      .catch((e: unknown) => e);
    expect(isLibosError(error, 'ILLEGAL_TRANSITION')).toBe(true);
    expect((error as Error).message).toContain('a.txt');
    expect(await read(t.workspace, 'a.txt')).toBe('the human edited this afterwards');
    expect(await read(t.workspace, 'new.txt')).toBe('made by the agent');
    expect((await t.runtime.get(agent.pid)).state.kind).toBe('exited');

    const forced = await t.runtime.checkpoints.restore(checkpoint.id, { files: true, force: true });
    expect(forced.files?.conflicts).toMatchObject([{ path: 'a.txt', overridden: true }]);
    expect(await read(t.workspace, 'a.txt')).toBe('a as it was');
    expect(await read(t.workspace, 'new.txt')).toBe('ENOENT');
  });

  it('keeps pre-images while a checkpoint needs them and releases them when it is removed', async () => {
    const { t, checkpoint } = await edited();
    await using _ = t;
    const changes = () =>
      t.runtime.store.read((r) =>
        r.listFileChanges({ pids: [checkpoint.rootPid], afterSeq: 0, limit: 100 }),
      );
    expect((await changes()).length).toBeGreaterThan(0);
    await t.runtime.checkpoints.remove(checkpoint.id);
    expect(await changes()).toEqual([]);
  });

  it('prunes by age: an old checkpoint goes with the pre-images only it needed, a young one stays', async () => {
    const { t, agent, checkpoint } = await edited();
    await using _ = t;
    t.clock.advance(10 * 86_400_000);
    const young = await t.runtime.checkpoints.create(agent.pid, { name: 'young' });
    const result = await t.runtime.checkpoints.prune({ olderThanMs: 7 * 86_400_000 });
    expect(result.removed).toEqual([checkpoint.id]);
    expect(result.released).toBeGreaterThan(0);
    expect((await t.runtime.checkpoints.list()).map((c) => c.id)).toEqual([young.id]);
    const error = await t.runtime.checkpoints.prune({ olderThanMs: 0 }).catch((e: unknown) => e);
    expect(isLibosError(error, 'OUT_OF_RANGE')).toBe(true);
  });

  it("refuses when a human edited a file between two of the agent's writes, though the agent wrote last", async () => {
    const plan: readonly Step[] = [
      { tool: 'receive_messages', args: { wait: true } },
      { tool: 'write_file', args: { path: 'a.txt', content: 'first agent write' } },
      { tool: 'receive_messages', args: { wait: true } },
      { tool: 'write_file', args: { path: 'a.txt', content: 'second agent write' } },
      { tool: 'exit', args: { result: 'done' } },
    ];
    await using t = await createTempRuntime({
      models: planModel(plan),
      body: createAgentBody({ defaultModel: MODEL }),
    });
    await writeFile(join(t.workspace, 'a.txt'), 'a as it was');
    const agent = await t.runtime.spawn({ imageId: 'base', goal: 'edit', model: MODEL });
    await t.runtime.grant({ subject: agent.pid, resource: 'fs:**', rights: ['read', 'write'] });
    await t.runtime.run();
    const checkpoint = await t.runtime.checkpoints.create(agent.pid);
    await t.runtime.send(agent.pid, 'go');
    await t.runtime.run();
    await writeFile(join(t.workspace, 'a.txt'), 'the human saved this in between');
    await t.runtime.send(agent.pid, 'again');
    await t.runtime.run();
    expect(await read(t.workspace, 'a.txt')).toBe('second agent write');
    const error = await t.runtime.checkpoints
      .restore(checkpoint.id, { files: true })
      .catch((e: unknown) => e);
    expect(isLibosError(error, 'ILLEGAL_TRANSITION')).toBe(true);
    expect((error as Error).message).toContain('a.txt');
    expect(await read(t.workspace, 'a.txt')).toBe('second agent write');
  });
});
