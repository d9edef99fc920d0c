// Security corpus: an error after a body's first change never settles as "nothing happened" (the use stays spent, what was done is journaled).
import {
  linkSync,
  mkdirSync,
  promises as fsp,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import {
  createRig,
  existsInWorkspace,
  onlyCall,
  outcomeEntry,
  plant,
  recordsOf,
  type Rig,
} from './helpers.js';

const TREE = {
  'build/a.txt': 'a',
  'build/b.txt': 'b',
  'build/c.txt': 'c',
  'build/d.txt': 'd',
  'build/sub/e.txt': 'e',
};

afterEach(() => {
  vi.restoreAllMocks();
});

/** Fails the `n`th unlink the runtime makes with `EACCES` (a permission error mid-walk). */
function failNthUnlink(n: number): void {
  const original = fsp.unlink.bind(fsp);
  let calls = 0;
  vi.spyOn(fsp, 'unlink').mockImplementation(async (path) => {
    calls += 1;
    if (calls === n)
      throw Object.assign(new Error(`EACCES: permission denied, unlink`), { code: 'EACCES' });
    return original(path);
  });
}

/** Runs `call` under a one-use grant on `resource` and returns the caller's pid. */
async function underOneUse(
  rig: Rig,
  call: readonly [string, unknown],
  grant: { resource: string; rights: string },
): Promise<Pid> {
  rig.script('worker', async (ctx) => {
    await rig.call(ctx, call[0], call[1]);
  });
  const pid = await rig.spawn('worker', { grants: [{ ...grant, once: true }] });
  await rig.run();
  return pid;
}

/** The call failed after it began: intent failed, use spent, `syscall.failed` naming what was done. */
async function expectFailedAfterStart(
  rig: Rig,
  options: { syscall: string; pid: Pid; partial: Record<string, unknown> },
): Promise<void> {
  const call = onlyCall(rig, options.syscall);
  expect(call.outcome.kind).toBe('error');
  const [intent] = await rig.runtime.store.read((r) =>
    r.listIntents({ pid: options.pid, limit: 10 }),
  );
  expect(intent?.state).toBe('failed');
  const [record] = (await recordsOf(rig, options.pid, { includeRevoked: true })).filter(
    (c) => c.usesRemaining !== null,
  );
  expect(record?.usesRemaining).toBe(0);
  const entry = await outcomeEntry(rig, call);
  expect(entry?.type).toBe('syscall.failed');
  expect(entry?.data).toMatchObject({ started: true, partial: options.partial });
  const settled = await rig.runtime.journal({ pid: options.pid, type: 'effect.settled', limit: 5 });
  expect(settled.map((e) => e.data)).toMatchObject([{ state: 'failed', partial: options.partial }]);
}

describe('a recursive delete that fails part way', () => {
  it('settles failed and keeps the one use spent when an I/O error stops it', async () => {
    await using rig = await createRig();
    plant(rig, TREE);
    failNthUnlink(3);
    const pid = await underOneUse(rig, ['fs.delete', { path: 'build', recursive: true }], {
      resource: 'fs:build',
      rights: 'delete',
    });
    await expectFailedAfterStart(rig, {
      syscall: 'fs.delete',
      pid,
      partial: { removed: 2, truncated: false },
    });
    expect(existsInWorkspace(rig, 'build')).toBe(true);
  });

  it('settles failed and journals what it removed when a hard link appears mid-walk', async () => {
    await using rig = await createRig();
    plant(rig, TREE);
    const original = fsp.unlink.bind(fsp);
    let linked = false;
    // After the first removal, every file still in the tree gets a second name outside it: the
    // walk meets a hard-linked file (NOT_PERMITTED) with part of the tree already gone.
    vi.spyOn(fsp, 'unlink').mockImplementation(async (path) => {
      await original(path);
      if (linked) return;
      linked = true;
      mkdirSync(join(rig.outside, 'links'));
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
        );
      walk(join(rig.workspace, 'build')).forEach((file, i) => {
        linkSync(file, join(rig.outside, 'links', `l${i}`));
      });
    });
    const pid = await underOneUse(rig, ['fs.delete', { path: 'build', recursive: true }], {
      resource: 'fs:build',
      rights: 'delete',
    });
    await expectFailedAfterStart(rig, {
      syscall: 'fs.delete',
      pid,
      partial: { removed: 1, truncated: false },
    });
  });
});

describe('other bodies that fail after their first change', () => {
  it('a recursive mkdir that fails on its second level keeps the first and says so', async () => {
    await using rig = await createRig();
    const original = fsp.mkdir.bind(fsp);
    let calls = 0;
    vi.spyOn(fsp, 'mkdir').mockImplementation(async (path, mode) => {
      calls += 1;
      if (calls === 2)
        throw Object.assign(new Error('EACCES: permission denied, mkdir'), { code: 'EACCES' });
      return original(path, mode);
    });
    const pid = await underOneUse(rig, ['fs.mkdir', { path: 'a/b/c', recursive: true }], {
      resource: 'fs:a/b/c',
      rights: 'write',
    });
    await expectFailedAfterStart(rig, { syscall: 'fs.mkdir', pid, partial: { created: ['a'] } });
    expect(existsInWorkspace(rig, 'a')).toBe(true);
  });

  it('a file delete whose name was swapped under it settles failed (the unlink happened)', async () => {
    await using rig = await createRig();
    plant(rig, { 'notes.txt': 'original' });
    const original = fsp.unlink.bind(fsp);
    vi.spyOn(fsp, 'unlink').mockImplementation(async (path) => {
      // Swap the verified file for a decoy right before the unlink removes the name.
      renameSync(join(rig.workspace, 'notes.txt'), join(rig.workspace, 'kept.txt'));
      writeFileSync(join(rig.workspace, 'notes.txt'), 'decoy');
      return original(path);
    });
    const pid = await underOneUse(rig, ['fs.delete', { path: 'notes.txt' }], {
      resource: 'fs:notes.txt',
      rights: 'delete',
    });
    await expectFailedAfterStart(rig, {
      syscall: 'fs.delete',
      pid,
      partial: { removed: 1, paths: ['notes.txt'] },
    });
  });
});
