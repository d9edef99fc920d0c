// The kept-open workspace root: one descriptor across calls, re-resolved only when it moved, refused when the workspace now leads elsewhere, closed with its owner.
import {
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyscallSpec } from '../define-syscall.js';
import { fsList } from './fs-list.js';
import { fsRead } from './fs-read.js';
import { fsStat } from './fs-stat.js';
import {
  createFsSandbox,
  failureOf,
  leaksHostPath,
  runFsSyscall,
  type FsSandbox,
} from './fs-test-kit.js';
import { createWorkspaceRoot } from './workspace-root.js';

const CONTEXT = { attempted: 'Testing the root' };

let sandbox: FsSandbox;
beforeEach(() => {
  sandbox = createFsSandbox();
  writeFileSync(join(sandbox.workspace, 'f'), 'inside');
  writeFileSync(join(sandbox.outside, 'f'), 'outside secret');
});
afterEach(async () => {
  await sandbox.dispose();
});

/** How many of this process's descriptors the kernel names `path` (or `path (deleted)`). */
function descriptorsOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target === path || target === `${path} (deleted)`;
    } catch {
      return false; // closed since the listing (the listing's own descriptor, for one)
    }
  }).length;
}

describe('the kept-open workspace root', () => {
  it('lends one descriptor to every call and leaves no other open on the workspace', async () => {
    const fds = new Set<number>();
    for (let i = 0; i < 100; i += 1) {
      const dir = await sandbox.root.open(CONTEXT);
      fds.add(dir.handle.fd);
      await dir.close();
      await runFsSyscall(fsRead, { path: 'f' }, { sandbox });
      await runFsSyscall(fsStat, { path: 'f' }, { sandbox });
    }
    expect(fds.size).toBe(1);
    expect(descriptorsOn(sandbox.workspace)).toBe(1);
  });

  it('shares the descriptor between calls that open it at once', async () => {
    const dirs = await Promise.all(Array.from({ length: 10 }, () => sandbox.root.open(CONTEXT)));
    expect(new Set(dirs.map((dir) => dir.handle.fd)).size).toBe(1);
    await Promise.all(dirs.map((dir) => dir.close()));
    expect(descriptorsOn(sandbox.workspace)).toBe(1);
  });

  it('closes its descriptor on close, and refuses calls after it', async () => {
    await runFsSyscall(fsRead, { path: 'f' }, { sandbox });
    expect(descriptorsOn(sandbox.workspace)).toBe(1);
    await sandbox.root.close();
    expect(descriptorsOn(sandbox.workspace)).toBe(0);
    const error = await failureOf(runFsSyscall(fsRead, { path: 'f' }, { sandbox }));
    expect(error.code).toBe('INTERNAL');
    expect(leaksHostPath(error, sandbox)).toBe(false);
  });

  it('keeps a lent descriptor open until the call gives it back, even past close', async () => {
    const dir = await sandbox.root.open(CONTEXT);
    await sandbox.root.close();
    // The number must stay ours while the call still builds /proc/self/fd/<n>/<name> paths.
    expect(readlinkSync(`/proc/self/fd/${dir.handle.fd}`)).toBe(sandbox.workspace);
    await dir.close();
    await dir.close(); // giving back twice changes nothing
    expect(descriptorsOn(sandbox.workspace)).toBe(0);
  });

  it('opens nothing until the first call, and reports a missing workspace without its path', async () => {
    const root = createWorkspaceRoot(join(sandbox.base, 'not-yet'));
    const error = await failureOf(root.open(CONTEXT));
    expect(error.code).toBe('INTERNAL');
    expect(leaksHostPath(error, sandbox)).toBe(false);
    mkdirSync(join(sandbox.base, 'not-yet'));
    const dir = await root.open(CONTEXT);
    expect(dir.expected).toBe(join(sandbox.base, 'not-yet'));
    await dir.close();
    await root.close();
    expect(descriptorsOn(join(sandbox.base, 'not-yet'))).toBe(0);
  });
});

describe('a workspace root changed after it was opened', () => {
  it('refuses a root swapped for a link to outside, reading nothing there', async () => {
    expect((await runFsSyscall(fsRead, { path: 'f' }, { sandbox })).content).toBe('inside');
    renameSync(sandbox.workspace, `${sandbox.workspace}.orig`);
    symlinkSync(sandbox.outside, sandbox.workspace);
    const calls: [SyscallSpec<unknown, unknown>, unknown][] = [
      [fsRead as SyscallSpec<unknown, unknown>, { path: 'f' }],
      [fsStat as SyscallSpec<unknown, unknown>, { path: 'f' }],
      [fsList as SyscallSpec<unknown, unknown>, { path: '.' }],
    ];
    for (const [spec, raw] of calls) {
      const error = await failureOf(runFsSyscall(spec, raw, { sandbox }));
      expect(error.code).toBe('INTERNAL');
      expect(error.message).toMatch(/the workspace was moved or replaced/);
      expect(leaksHostPath(error, sandbox)).toBe(false);
    }
    // The moved directory's descriptor was given up, not kept open behind the refusal.
    expect(descriptorsOn(`${sandbox.workspace}.orig`)).toBe(0);
    expect(descriptorsOn(sandbox.outside)).toBe(0);
  });

  it('refuses a root swapped for a link even back to a directory inside the old workspace', async () => {
    mkdirSync(join(sandbox.workspace, 'sub'));
    await runFsSyscall(fsStat, { path: '.' }, { sandbox });
    renameSync(sandbox.workspace, `${sandbox.workspace}.orig`);
    symlinkSync(`${sandbox.workspace}.orig/sub`, sandbox.workspace);
    const error = await failureOf(runFsSyscall(fsStat, { path: 'f' }, { sandbox }));
    expect(error.code).toBe('INTERNAL');
  });

  it('follows a root recreated at the same real path, closing the old descriptor', async () => {
    await runFsSyscall(fsRead, { path: 'f' }, { sandbox });
    rmSync(sandbox.workspace, { recursive: true });
    mkdirSync(sandbox.workspace);
    writeFileSync(join(sandbox.workspace, 'f'), 'recreated');
    expect((await runFsSyscall(fsRead, { path: 'f' }, { sandbox })).content).toBe('recreated');
    expect(descriptorsOn(sandbox.workspace)).toBe(1);
  });

  it('refuses a root moved away and not replaced', async () => {
    await runFsSyscall(fsRead, { path: 'f' }, { sandbox });
    renameSync(sandbox.workspace, `${sandbox.workspace}.gone`);
    const error = await failureOf(runFsSyscall(fsRead, { path: 'f' }, { sandbox }));
    expect(error.code).toBe('INTERNAL');
    expect(leaksHostPath(error, sandbox)).toBe(false);
    expect(descriptorsOn(`${sandbox.workspace}.gone`)).toBe(0);
  });
});
