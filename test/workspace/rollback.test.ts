// Workspace rollback end to end: fs calls through the pipeline record pre-images; a rollback puts the files back.
import { existsSync, lstatSync, readdirSync, symlinkSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/base/hash.js';
import { createRollbackRig } from './rollback-kit.js';

const ORIGINALS = {
  'keep.txt': 'the original keep\n',
  'gone.txt': 'deleted by the agent\n',
  'tree/a.txt': 'a in the tree\n',
  'tree/sub/b.txt': 'b deeper\n',
  'move-me.txt': 'moved around\n',
  'log.txt': 'line 1\n',
};

const AGENT_WORK = [
  ['fs.write', { path: 'keep.txt', content: 'the agent rewrote it\n' }],
  ['fs.write', { path: 'new.txt', content: 'created by the agent\n' }],
  ['fs.delete', { path: 'gone.txt' }],
  ['fs.delete', { path: 'tree', recursive: true }],
  ['fs.move', { from: 'move-me.txt', to: 'moved.txt' }],
  ['fs.write', { path: 'log.txt', content: 'line 2\n', mode: 'append' }],
] as const;

describe('workspace rollback', () => {
  it('puts back overwritten, deleted (file and tree), moved and appended files, and removes created ones', async () => {
    await using rig = await createRollbackRig();
    await rig.put(ORIGINALS);
    const mark = await rig.mark();
    const { pid, errors } = await rig.runAgent(AGENT_WORK);
    expect(errors).toStrictEqual(AGENT_WORK.map(() => null));
    expect(existsSync(rig.at('tree'))).toBe(false);
    const plan = await rig.plan([pid], mark);
    expect(plan.entries.map((e) => e.path)).toStrictEqual([
      'gone.txt',
      'keep.txt',
      'log.txt',
      'move-me.txt',
      'moved.txt',
      'new.txt',
      'tree/a.txt',
      'tree/sub/b.txt',
    ]);
    const result = await rig.rollback(plan, false);
    expect(result).toMatchObject({ applied: true, conflicts: [], skipped: [], unchanged: [] });
    expect([...result.deleted].sort()).toStrictEqual(['moved.txt', 'new.txt']);
    for (const [path, content] of Object.entries(ORIGINALS))
      expect(await rig.read(path)).toBe(content);
    expect(existsSync(rig.at('new.txt'))).toBe(false);
    expect(existsSync(rig.at('moved.txt'))).toBe(false);
    // A second rollback finds every path as at the mark.
    const again = await rig.rollback(plan, false);
    expect(again.unchanged).toHaveLength(plan.entries.length);
  });

  it('puts back both ends of a move that replaced a file, and a file the agent changed twice', async () => {
    await using rig = await createRollbackRig();
    await rig.put({ 'src.txt': 'source\n', 'dst.txt': 'target\n', 'twice.txt': 'first\n' });
    const mark = await rig.mark();
    const { pid, errors } = await rig.runAgent([
      ['fs.move', { from: 'src.txt', to: 'dst.txt', overwrite: true }],
      ['fs.write', { path: 'twice.txt', content: 'second\n' }],
      ['fs.write', { path: 'twice.txt', content: 'third\n' }],
    ]);
    expect(errors).toStrictEqual([null, null, null]);
    const plan = await rig.plan([pid], mark);
    expect(
      plan.entries.map((e) => [e.path, e.before.sha256, e.afterSha256, e.changes]),
    ).toStrictEqual([
      ['dst.txt', sha256Hex('target\n'), sha256Hex('source\n'), 1],
      ['src.txt', sha256Hex('source\n'), null, 1],
      ['twice.txt', sha256Hex('first\n'), sha256Hex('third\n'), 2],
    ]);
    const result = await rig.rollback(plan, false);
    expect(result.restored).toStrictEqual(['dst.txt', 'src.txt', 'twice.txt']);
    expect(await rig.read('src.txt')).toBe('source\n');
    expect(await rig.read('dst.txt')).toBe('target\n');
    expect(await rig.read('twice.txt')).toBe('first\n');
  });

  it('rolls back only the changes of the given pids, after the mark', async () => {
    await using rig = await createRollbackRig();
    await rig.put({ 'a.txt': 'a0\n', 'b.txt': 'b0\n' });
    await rig.runAgent([['fs.write', { path: 'a.txt', content: 'a1\n' }]]);
    const mark = await rig.mark();
    const first = await rig.runAgent([['fs.write', { path: 'a.txt', content: 'a2\n' }]]);
    await rig.runAgent([['fs.write', { path: 'b.txt', content: 'b1\n' }]]);
    const result = await rig.rollback(await rig.plan([first.pid], mark), false);
    expect(result.restored).toStrictEqual(['a.txt']);
    expect(await rig.read('a.txt')).toBe('a1\n');
    expect(await rig.read('b.txt')).toBe('b1\n');
  });

  it('keeps the mode of a replaced file and restores it with the bytes', async () => {
    await using rig = await createRollbackRig();
    await rig.put({ 'run.sh': '#!/bin/sh\n' });
    await import('node:fs/promises').then((fs) => fs.chmod(rig.at('run.sh'), 0o750));
    const mark = await rig.mark();
    const { pid } = await rig.runAgent([['fs.delete', { path: 'run.sh' }]]);
    const result = await rig.rollback(await rig.plan([pid], mark), false);
    expect(result.restored).toStrictEqual(['run.sh']);
    expect(lstatSync(rig.at('run.sh')).mode & 0o7777).toBe(0o750);
  });

  it('refuses the whole rollback when a human changed a file afterwards, and restores it with force', async () => {
    await using rig = await createRollbackRig();
    await rig.put(ORIGINALS);
    const mark = await rig.mark();
    const { pid } = await rig.runAgent(AGENT_WORK);
    await writeFile(rig.at('keep.txt'), 'a human edited this after the agent\n');
    const plan = await rig.plan([pid], mark);
    const refused = await rig.rollback(plan, false);
    expect(refused.applied).toBe(false);
    expect(refused.conflicts).toStrictEqual([
      {
        path: 'keep.txt',
        expectedSha256: sha256Hex('the agent rewrote it\n'),
        foundSha256: sha256Hex('a human edited this after the agent\n'),
        overridden: false,
      },
    ]);
    // All or nothing: no other path was touched either.
    expect(await rig.read('keep.txt')).toBe('a human edited this after the agent\n');
    expect(existsSync(rig.at('gone.txt'))).toBe(false);
    expect(existsSync(rig.at('new.txt'))).toBe(true);
    const forced = await rig.rollback(plan, true);
    expect(forced.applied).toBe(true);
    expect(forced.conflicts.map((c) => [c.path, c.overridden])).toStrictEqual([['keep.txt', true]]);
    for (const [path, content] of Object.entries(ORIGINALS))
      expect(await rig.read(path)).toBe(content);
  });

  it('reports a file a human deleted or created afterwards as a conflict', async () => {
    await using rig = await createRollbackRig();
    await rig.put({ 'a.txt': 'a\n' });
    const mark = await rig.mark();
    const { pid } = await rig.runAgent([
      ['fs.write', { path: 'a.txt', content: 'agent\n' }],
      ['fs.delete', { path: 'a.txt' }],
      ['fs.write', { path: 'b.txt', content: 'agent b\n' }],
    ]);
    await writeFile(rig.at('a.txt'), 'human recreated\n');
    await rm(rig.at('b.txt'));
    const result = await rig.rollback(await rig.plan([pid], mark), false);
    expect(result.applied).toBe(false);
    expect(result.conflicts.map((c) => [c.path, c.expectedSha256, c.foundSha256])).toStrictEqual([
      ['a.txt', null, sha256Hex('human recreated\n')],
    ]);
    // b.txt: the human removed it, which is what the mark held: nothing to do there.
    expect(result.unchanged).toStrictEqual(['b.txt']);
  });

  it('never follows a symbolic link planted at a path or on its way, even with force', async () => {
    await using rig = await createRollbackRig();
    await rig.put(ORIGINALS);
    const outside = join(rig.t.dir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), 'outside the workspace\n');
    const mark = await rig.mark();
    const { pid } = await rig.runAgent(AGENT_WORK);
    symlinkSync(join(outside, 'secret.txt'), rig.at('gone.txt'));
    symlinkSync(outside, rig.at('tree'));
    const plan = await rig.plan([pid], mark);
    const refused = await rig.rollback(plan, false);
    expect(refused.applied).toBe(false);
    expect(refused.skipped).toStrictEqual([
      { path: 'gone.txt', reason: 'link' },
      { path: 'tree/a.txt', reason: 'link' },
      { path: 'tree/sub/b.txt', reason: 'link' },
    ]);
    const forced = await rig.rollback(plan, true);
    expect(forced.applied).toBe(true);
    expect(forced.skipped.map((s) => s.path)).toStrictEqual([
      'gone.txt',
      'tree/a.txt',
      'tree/sub/b.txt',
    ]);
    // The links are still links, and nothing was written or removed through them.
    expect(lstatSync(rig.at('gone.txt')).isSymbolicLink()).toBe(true);
    expect(lstatSync(rig.at('tree')).isSymbolicLink()).toBe(true);
    expect(readdirSync(outside)).toStrictEqual(['secret.txt']);
    expect(await rig.read('keep.txt')).toBe(ORIGINALS['keep.txt']);
  });

  it('skips a file whose pre-image was too large to keep: refused without force, left alone with it', async () => {
    await using rig = await createRollbackRig();
    await rig.put({ 'big.bin': 'now\n', 'small.txt': 'agent\n' });
    const mark = await rig.mark();
    const pid = (await rig.t.runtime.spawn({ imageId: 'base', goal: 'idle' })).pid;
    const change = { pid, intent: null, callKey: 'k', syscall: 'fs.write', at: 1 };
    await rig.t.runtime.store.transact(async (tx) => {
      await tx.putBlob(sha256Hex('small\n'), new TextEncoder().encode('small\n'));
      await tx.insertFileChanges([
        {
          ...change,
          path: 'big.bin',
          beforeSha256: sha256Hex('huge'),
          beforeMode: 0o644,
          preImageKept: false,
          afterSha256: sha256Hex('now\n'),
        },
        {
          ...change,
          path: 'small.txt',
          beforeSha256: sha256Hex('small\n'),
          beforeMode: 0o644,
          preImageKept: true,
          afterSha256: sha256Hex('agent\n'),
        },
      ]);
    });
    const plan = await rig.plan([pid], mark);
    const refused = await rig.rollback(plan, false);
    expect(refused).toMatchObject({
      applied: false,
      skipped: [{ path: 'big.bin', reason: 'pre-image-not-kept' }],
    });
    expect(await rig.read('small.txt')).toBe('agent\n');
    const forced = await rig.rollback(plan, true);
    expect(forced).toMatchObject({ applied: true, restored: ['small.txt'] });
    expect(await rig.read('big.bin')).toBe('now\n');
    expect(await rig.read('small.txt')).toBe('small\n');
    const diffs = await rig.diff(plan);
    expect(diffs[0]).toStrictEqual({
      path: 'big.bin',
      status: 'unavailable',
      diff: "big.bin: the checkpoint's version was not kept\n",
    });
  });

  it('keeps one blob for the same pre-image overwritten twice', async () => {
    await using rig = await createRollbackRig();
    await rig.put({ 'one.txt': 'same bytes\n', 'two.txt': 'same bytes\n' });
    const mark = await rig.mark();
    const { pid } = await rig.runAgent([
      ['fs.write', { path: 'one.txt', content: 'x' }],
      ['fs.write', { path: 'two.txt', content: 'y' }],
    ]);
    const changes = await rig.t.runtime.store.read((r) =>
      r.listFileChanges({ pids: [pid], afterSeq: mark, limit: 10 }),
    );
    expect(changes.map((c) => [c.path, c.beforeSha256, c.preImageKept])).toStrictEqual([
      ['one.txt', sha256Hex('same bytes\n'), true],
      ['two.txt', sha256Hex('same bytes\n'), true],
    ]);
    // Pruning the first change keeps the blob the second still names; pruning both releases it.
    const store = rig.t.runtime.store;
    await store.transact((tx) => tx.pruneFileChanges({ throughSeq: changes[0]!.seq, limit: 10 }));
    expect(await store.read((r) => r.getBlob(sha256Hex('same bytes\n')))).toBeDefined();
    await store.transact((tx) => tx.pruneFileChanges({ throughSeq: changes[1]!.seq, limit: 10 }));
    expect(await store.read((r) => r.getBlob(sha256Hex('same bytes\n')))).toBeUndefined();
  });

  it('records a change with the completion that settles its call, and none for a call that never started', async () => {
    await using rig = await createRollbackRig();
    await rig.put({ 'exists.txt': 'here\n' });
    const mark = await rig.mark();
    const { pid, errors } = await rig.runAgent([
      ['fs.write', { path: 'exists.txt', content: 'create fails', mode: 'create' }],
      ['fs.delete', { path: 'missing.txt' }],
      ['fs.write', { path: 'exists.txt', content: 'replaced\n' }],
    ]);
    expect(errors.map((e) => e?.code ?? null)).toStrictEqual(['ALREADY_EXISTS', 'NOT_FOUND', null]);
    const changes = await rig.t.runtime.store.read((r) =>
      r.listFileChanges({ pids: [pid], afterSeq: mark, limit: 10 }),
    );
    expect(changes).toHaveLength(1);
    const [change] = changes;
    const completed = (await rig.t.runtime.journal({ pid, limit: 100 })).filter(
      (e) => e.type === 'syscall.completed' && e.data['syscall'] === 'fs.write',
    );
    expect(completed).toHaveLength(1);
    expect(change).toMatchObject({
      syscall: 'fs.write',
      path: 'exists.txt',
      intent: completed[0]!.data['intent'],
      beforeSha256: sha256Hex('here\n'),
      afterSha256: sha256Hex('replaced\n'),
    });
  });

  it('shows the changes as unified diffs from the mark to the disk, binary files in one line', async () => {
    await using rig = await createRollbackRig();
    await rig.put({
      'notes.md': 'one\ntwo\nthree\n',
      'image.bin': new Uint8Array([0, 255, 1, 254]),
    });
    const mark = await rig.mark();
    const { pid } = await rig.runAgent([
      ['fs.write', { path: 'notes.md', content: 'one\nTWO\nthree\n' }],
      [
        'fs.write',
        {
          path: 'image.bin',
          content: Buffer.from([9, 255]).toString('base64'),
          encoding: 'base64',
        },
      ],
      ['fs.write', { path: 'added.txt', content: 'new\n' }],
    ]);
    const diffs = await rig.diff(await rig.plan([pid], mark));
    expect(diffs.map((d) => [d.path, d.status])).toStrictEqual([
      ['added.txt', 'added'],
      ['image.bin', 'modified'],
      ['notes.md', 'modified'],
    ]);
    expect(diffs[1]!.diff).toBe('Binary files a/image.bin and b/image.bin differ\n');
    expect(diffs[2]!.diff).toContain('--- a/notes.md');
    expect(diffs[2]!.diff).toContain('-two\n+TWO\n');
    expect(diffs[0]!.diff).toContain('--- /dev/null');
    expect(diffs[0]!.diff).toContain('+new\n');
  });
});
