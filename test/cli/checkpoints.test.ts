// `agent-libos checkpoint create|list|show|diff|restore|fork|rm` and `image commit` on a real
// database: restore lists the external effects it cannot undo; bad input changes nothing.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentImage } from '../../src/kernel/agent/types.js';
import type { ManifestDiff } from '../../src/kernel/checkpoint/diff-manifests.js';
import type { Checkpoint } from '../../src/kernel/checkpoint/types.js';
import type { CheckpointView } from '../../src/cli/format/checkpoint-table.js';
import type { ForkReport, RestoreReport } from '../../src/cli/format/checkpoint-reports.js';
import { openRuntime } from '../../src/open-runtime.js';
import { startServer } from '../../src/server/start-server.js';
import { stateDirectoryOf } from '../../src/runtime/reserved-paths.js';
import { runJson, writeScript, type RunJson } from './agent-fixture.js';
import { countRows, createTempWorkspace, runCli } from './cli-harness.js';

const SCRIPT = {
  agents: [
    {
      name: 'writer',
      calls: [
        { memory_create: { name: 'notes', type: 'note', content: 'before' } },
        { receive_messages: { wait: true } },
        { memory_update: { name: 'notes', content: 'after' } },
        { write_file: { path: 'out.txt', content: 'written after the checkpoint' } },
        { exit: { result: 'wrote it' } },
      ],
    },
  ],
};

/** A workspace with one agent waiting for a message, its note written: the checkpoint's moment. */
async function waitingWriter(dir: string): Promise<string> {
  const model = `scripted:${await writeScript(dir, 'model.json', SCRIPT)}`;
  const spawned = await runCli([
    'spawn',
    '--workspace',
    dir,
    '--image',
    'base',
    '--goal',
    'Write',
    '--name',
    'writer',
    '--model',
    model,
    '--grant',
    'fs:out.txt=write',
  ]);
  expect(spawned.code, spawned.stderr).toBe(0);
  const pid = spawned.stdout.trim();
  const idle = await runJson<RunJson>(['resume', '--workspace', dir]);
  expect(idle.out.outcome).toBe('idle');
  return pid;
}

describe('agent-libos checkpoint', () => {
  it('takes, lists, shows, diffs, restores (listing what it cannot undo), forks, removes and commits a checkpoint', async () => {
    await using ws = await createTempWorkspace();
    const w = ['--workspace', ws.dir];
    const pid = await waitingWriter(ws.dir);

    const created = await runCli(['checkpoint', 'create', ...w, pid, '--name', 'before the go']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^ckpt_[0-9a-z]+\n$/);
    const id = created.stdout.trim();
    const listed = await runJson<Checkpoint[]>(['checkpoint', 'list', ...w, '--root', pid]);
    expect(listed.out.map((c) => [c.id, c.rootPid, c.name, c.processCount, c.objectCount])).toEqual(
      [[id, pid, 'before the go', 1, 1]],
    );
    expect((await runCli(['checkpoints', 'list', ...w])).stdout).toMatch(
      new RegExp(`^CHECKPOINT .*\n${id} +${pid} +before the go +1 +1 `),
    );
    const shown = await runJson<CheckpointView>(['checkpoint', 'show', ...w, id]);
    expect(shown.out.processes).toMatchObject([{ pid, parentPid: null, state: 'waiting' }]);
    const text = (await runCli(['checkpoint', 'show', ...w, id])).stdout;
    expect(text).toContain(`checkpoint  ${id} "before the go"`);
    expect(text).toMatch(new RegExp(`${pid} +- +waiting `));

    await runCli(['message', ...w, pid, 'go']);
    const done = await runJson<RunJson>(['resume', ...w]);
    expect(done.out.processes[0]?.state).toEqual({ kind: 'exited', result: 'wrote it' });

    const diff = await runJson<ManifestDiff>(['checkpoint', 'diff', ...w, id]);
    expect(diff.out.changedProcesses).toMatchObject([
      { pid, state: { from: 'waiting', to: 'exited' } },
    ]);
    expect(diff.out.objects).toMatchObject([{ name: 'notes', from: 1, to: 2 }]);
    const diffText = (await runCli(['checkpoint', 'diff', ...w, id])).stdout;
    expect(diffText).toContain(`${id} → now\n`);
    expect(diffText).toContain(`process ${pid}: state waiting → exited;`);
    expect(diffText).toMatch(/object obj_\S+ proc\/proc_\S+\/notes: v1 → v2\n/);

    const restored = await runCli(['checkpoint', 'restore', ...w, id]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`restored ${id}: ${pid}\n`);
    expect(restored.stdout).toContain('objects: 1 put back, 0 removed\n');
    // The file write is in the world: the restore says so, one line per effect.
    expect(restored.stdout).toMatch(/\nNOT undone: 4 external effects since the checkpoint:\n/);
    expect(restored.stdout).toMatch(/\nback in mailboxes, received since \(1\): msg_\S+\n/);
    expect(restored.stdout).toMatch(
      new RegExp(`\n  seq \\d+  ${pid}  fs\\.write  fs:out\\.txt  \\(eff_\\S+\\)\n`),
    );
    expect(restored.stdout).toContain('messages out of the subtree since the checkpoint: none');
    expect(await readFile(join(ws.dir, 'out.txt'), 'utf8')).toBe('written after the checkpoint');
    const again = await runJson<RestoreReport>(['checkpoint', 'restore', ...w, id]);
    expect(again.out).toMatchObject({ checkpoint: id, restored: [pid], killed: [] });

    const fork = await runJson<ForkReport>(['checkpoint', 'fork', ...w, id]);
    expect(fork.out.pids).toEqual([{ from: pid, to: fork.out.root }]);
    expect(fork.out.objects).toBe(1);
    expect((await runCli(['checkpoint', 'fork', ...w, id])).stdout).toMatch(
      new RegExp(`^forked ${id} into proc_\\S+\n  ${pid} → proc_\\S+\n`),
    );

    const committed = await runCli(['image', 'commit', ...w, id, '--as', 'writer@1']);
    expect(committed.code, committed.stderr).toBe(0);
    expect(committed.stdout).toContain(`registered writer@1 from ${id}\n`);
    expect(committed.stdout).toContain('objects       notes\n');
    expect((await runCli(['image', 'show', ...w, 'writer@1'])).stdout).toMatch(
      /\nobjects +notes \(note, obj_\S+@1\)\n/,
    );
    const image = await runJson<AgentImage>(['image', 'show', ...w, 'writer@1']);
    expect(image.out.requirements).toContainEqual({
      resource: 'fs:out.txt',
      rights: ['write'],
      why: `held by ${pid} at checkpoint ${id}`,
    });

    const removed = await runJson<{ removed: string }>(['checkpoint', 'rm', ...w, id]);
    expect(removed.out).toEqual({ removed: id });
    expect((await runCli(['checkpoint', 'list', ...w])).stdout).toMatch(/^no checkpoints /);
  });

  it('refuses bad ids, unknown checkpoints, --force without --files, --files with two checkpoints and a versionless image, changing nothing', async () => {
    await using ws = await createTempWorkspace();
    const w = ['--workspace', ws.dir];
    const pid = await waitingWriter(ws.dir);
    const id = (await runCli(['checkpoint', 'create', ...w, pid])).stdout.trim();
    const before = countRows(ws.dbPath);
    const unknown = 'ckpt_00000000000000000000000000';
    const cases: [readonly string[], string][] = [
      [['checkpoint', 'create', 'proc_../x'], 'INVALID_ID'],
      [['checkpoint', 'create', 'proc_00000000000000000000000000'], 'NOT_FOUND'],
      [['checkpoint', 'create', pid, '--name', ' '], 'INVALID_INPUT'],
      [['checkpoint', 'show', 'nope'], 'INVALID_ID'],
      [['checkpoint', 'show', unknown], 'NOT_FOUND'],
      [['checkpoint', 'list', '--root', 'nope'], 'INVALID_ID'],
      [['checkpoint', 'diff', id, 'ckpt_/etc'], 'INVALID_ID'],
      [['checkpoint', 'diff', id, id, '--files'], 'INVALID_INPUT'],
      [['checkpoint', 'restore', unknown], 'NOT_FOUND'],
      [['checkpoint', 'restore', id, '--force'], 'INVALID_INPUT'],
      [['checkpoint', 'fork', 'ckpt_..'], 'INVALID_ID'],
      [['checkpoint', 'rm', unknown], 'NOT_FOUND'],
      [['checkpoint', 'prune', '--older-than', 'forever'], 'INVALID_INPUT'],
      [['image', 'commit', id, '--as', 'writer'], 'INVALID_INPUT'],
      [['image', 'commit', id, '--as', 'base@7'], 'ALREADY_EXISTS'],
      [['image', 'commit', unknown, '--as', 'writer@1'], 'NOT_FOUND'],
    ];
    for (const [args, code] of cases) {
      const run = await runCli([...args, ...w, '--json']);
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(JSON.parse(run.stdout || run.stderr), args.join(' ')).toMatchObject({
        error: { code },
      });
    }
    expect(countRows(ws.dbPath)).toEqual(before);
    const listed = await runJson<Checkpoint[]>(['checkpoint', 'list', ...w]);
    expect(listed.out.map((c) => c.id)).toEqual([id]);
  });

  it('goes through the live runtime while one owns the database', async () => {
    await using ws = await createTempWorkspace();
    const w = ['--workspace', ws.dir];
    const pid = await waitingWriter(ws.dir);
    const runtime = await openRuntime({ workspace: ws.dir, body: async () => {} });
    const server = await startServer(runtime, {
      stateDirectory: stateDirectoryOf(ws.dbPath),
      dbPath: ws.dbPath,
      version: 'test',
    });
    try {
      // The runtime holds the writer lock: these only work through its API.
      const created = await runJson<Checkpoint>(['checkpoint', 'create', ...w, pid]);
      expect(await runtime.checkpoints.get(created.out.id)).toMatchObject({ rootPid: pid });
      const listed = await runJson<Checkpoint[]>(['checkpoint', 'list', ...w]);
      expect(listed.out.map((c) => c.id)).toEqual([created.out.id]);
      const fork = await runJson<ForkReport>(['checkpoint', 'fork', ...w, created.out.id]);
      expect((await runtime.get(fork.out.root)).state).toMatchObject({ kind: 'waiting' });
      const restored = await runJson<RestoreReport>([
        'checkpoint',
        'restore',
        ...w,
        created.out.id,
      ]);
      expect(restored.out.restored).toEqual([pid]);
      const image = await runJson<AgentImage>([
        'image',
        'commit',
        ...w,
        created.out.id,
        '--as',
        'live@1',
      ]);
      expect((await runtime.image('live@1')).objects).toEqual(image.out.objects);
      await runJson(['checkpoint', 'rm', ...w, created.out.id]);
      expect(await runtime.checkpoints.list()).toEqual([]);
    } finally {
      await server.close();
      await runtime.close();
    }
  });
});
