// Attack tests refused at the moment of use: symbolic links (final, intermediate, inside-to-inside), hard links and FIFOs.
import { execFileSync } from 'node:child_process';
import {
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyscallSpec } from '../define-syscall.js';
import { fsDelete } from './fs-delete.js';
import { fsList } from './fs-list.js';
import { fsMkdir } from './fs-mkdir.js';
import { fsMove } from './fs-move.js';
import { fsRead } from './fs-read.js';
import { fsStat } from './fs-stat.js';
import { fsWrite } from './fs-write.js';
import {
  createFsSandbox,
  failureOf,
  leaksHostPath,
  runFsSyscall,
  type FsSandbox,
} from './fs-test-kit.js';

let sandbox: FsSandbox;
beforeEach(() => {
  sandbox = createFsSandbox();
  writeFileSync(join(sandbox.outside, 'secret'), 'outside secret');
  writeFileSync(inWs('f'), 'inside');
});
afterEach(async () => {
  await sandbox.dispose();
});

const inWs = (path: string): string => join(sandbox.workspace, path);

/** A snapshot of everything outside: names and contents. */
function outsideState(): string {
  return readdirSync(sandbox.outside, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const path = join(sandbox.outside, name);
      return lstatSync(path).isFile() ? `${name}=${readFileSync(path, 'utf8')}` : name;
    })
    .join('\n');
}

async function expectRefused<I, O>(
  spec: SyscallSpec<I, O>,
  raw: unknown,
  code = 'NOT_PERMITTED',
): Promise<void> {
  const before = outsideState();
  const error = await failureOf(runFsSyscall(spec, raw, { sandbox }));
  expect(error.code, JSON.stringify(raw)).toBe(code);
  expect(leaksHostPath(error, sandbox)).toBe(false);
  if (code === 'NOT_PERMITTED') {
    expect(error.message).toMatch(
      /the path is a symbolic link, a hard link or leaves the workspace$/,
    );
  }
  expect(outsideState()).toBe(before);
}

describe('a symbolic link to an outside file', () => {
  beforeEach(() => {
    symlinkSync(join(sandbox.outside, 'secret'), inWs('link'));
  });

  it('is never read, written, appended to or replaced through', async () => {
    await expectRefused(fsRead, { path: 'link' });
    await expectRefused(fsWrite, { path: 'link', content: 'pwned' });
    await expectRefused(fsWrite, { path: 'link', content: 'pwned', mode: 'append' });
    await expectRefused(
      fsWrite,
      { path: 'link', content: 'pwned', mode: 'create' },
      'ALREADY_EXISTS',
    );
    await expectRefused(fsMove, { from: 'f', to: 'link', overwrite: true });
    await expectRefused(fsMove, { from: 'f', to: 'link' }, 'ALREADY_EXISTS');
    expect(lstatSync(inWs('link')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(sandbox.outside, 'secret'), 'utf8')).toBe('outside secret');
  });

  it('is described and moved as a link, never followed', async () => {
    expect((await runFsSyscall(fsStat, { path: 'link' }, { sandbox })).type).toBe('symlink');
    await runFsSyscall(fsMove, { from: 'link', to: 'moved' }, { sandbox });
    expect(lstatSync(inWs('moved')).isSymbolicLink()).toBe(true);
    expect(readdirSync(sandbox.outside)).toEqual(['secret']);
  });
});

describe('a symbolic link to an outside directory', () => {
  beforeEach(() => {
    symlinkSync(sandbox.outside, inWs('ldir'));
    mkdirSync(inWs('a/b'), { recursive: true });
    symlinkSync('../../../outside', inWs('a/b/deep'));
  });

  it.each(['ldir', 'a/b/deep'])('is never traversed as %s', async (via) => {
    await expectRefused(fsRead, { path: `${via}/secret` });
    await expectRefused(fsWrite, { path: `${via}/secret`, content: 'pwned' });
    await expectRefused(fsWrite, { path: `${via}/new`, content: 'pwned' });
    await expectRefused(fsWrite, { path: `${via}/secret`, content: 'pwned', mode: 'append' });
    await expectRefused(fsWrite, { path: `${via}/new`, content: 'pwned', mode: 'create' });
    await expectRefused(fsList, { path: via });
    await expectRefused(fsList, { path: `${via}/` });
    await expectRefused(fsStat, { path: `${via}/secret` });
    await expectRefused(fsMkdir, { path: `${via}/sub` });
    await expectRefused(fsMkdir, { path: `${via}/sub/x`, recursive: true });
    await expectRefused(fsDelete, { path: `${via}/secret` });
    await expectRefused(fsMove, { from: `${via}/secret`, to: 'stolen' });
    await expectRefused(fsMove, { from: 'f', to: `${via}/planted` });
    expect(readFileSync(inWs('f'), 'utf8')).toBe('inside');
    // `<link>/.` is lexically the link itself: deleting it removes the link, not its target.
    const out = await runFsSyscall(fsDelete, { path: `${via}/.`, recursive: true }, { sandbox });
    expect(out).toMatchObject({ type: 'symlink', removed: 1 });
    expect(outsideState()).toBe('secret=outside secret');
  });
});

describe('a symbolic link inside pointing inside', () => {
  beforeEach(() => {
    mkdirSync(inWs('real'));
    writeFileSync(inWs('real/file.txt'), 'real');
    symlinkSync('real', inWs('alias'));
    symlinkSync('real/file.txt', inWs('flink'));
  });

  it('is still never followed, as a final or an intermediate component', async () => {
    await expectRefused(fsRead, { path: 'flink' });
    await expectRefused(fsRead, { path: 'alias/file.txt' });
    await expectRefused(fsWrite, { path: 'alias/file.txt', content: 'changed' });
    await expectRefused(fsWrite, { path: 'flink', content: 'changed', mode: 'append' });
    await expectRefused(fsList, { path: 'alias' });
    await expectRefused(fsDelete, { path: 'alias/file.txt' });
    expect(readFileSync(inWs('real/file.txt'), 'utf8')).toBe('real');
  });
});

describe('a hard link to an outside file', () => {
  beforeEach(() => {
    linkSync(join(sandbox.outside, 'secret'), inWs('hard'));
    mkdirSync(inWs('tree/sub'), { recursive: true });
    writeFileSync(inWs('tree/keep'), 'k');
    linkSync(join(sandbox.outside, 'secret'), inWs('tree/sub/hard'));
  });

  it('is refused for read, write, append, delete and move', async () => {
    expect(statSync(inWs('hard')).nlink).toBe(3);
    await expectRefused(fsRead, { path: 'hard' });
    await expectRefused(fsWrite, { path: 'hard', content: 'pwned' });
    await expectRefused(fsWrite, { path: 'hard', content: 'pwned', mode: 'append' });
    await expectRefused(fsDelete, { path: 'hard' });
    await expectRefused(fsMove, { from: 'hard', to: 'moved' });
    await expectRefused(fsMove, { from: 'f', to: 'hard', overwrite: true });
    expect(lstatSync(inWs('hard')).isFile()).toBe(true);
    expect(readFileSync(inWs('f'), 'utf8')).toBe('inside');
  });

  it('makes a recursive delete of its tree refuse before deleting anything', async () => {
    await expectRefused(fsDelete, { path: 'tree', recursive: true });
    expect(readdirSync(inWs('tree'), { recursive: true }).sort()).toEqual([
      'keep',
      'sub',
      'sub/hard',
    ]);
  });
});

describe('a FIFO', () => {
  it('is refused without blocking the open', async () => {
    execFileSync('mkfifo', [inWs('pipe')]);
    await expectRefused(fsRead, { path: 'pipe' }, 'INVALID_INPUT');
    await expectRefused(fsWrite, { path: 'pipe', content: 'x' }, 'INVALID_INPUT');
    await expectRefused(fsWrite, { path: 'pipe', content: 'x', mode: 'append' }, 'INVALID_INPUT');
    expect(lstatSync(inWs('pipe')).isFIFO()).toBe(true);
  });
});

describe('a workspace reached through a symbolic link', () => {
  it('works: containment compares against the real root', async () => {
    const linked = join(sandbox.base, 'ws-link');
    symlinkSync(sandbox.workspace, linked);
    const viaLink = { ...sandbox, workspace: linked };
    await runFsSyscall(fsWrite, { path: 'g', content: 'ok' }, { sandbox: viaLink });
    expect((await runFsSyscall(fsRead, { path: 'g' }, { sandbox: viaLink })).content).toBe('ok');
  });
});
