// Tests for fs.delete: files with their pre-image, links as names, and recursive trees that never follow links.
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsDelete } from './fs-delete.js';
import { createFsSandbox, failureOf, runFsSyscall, type FsSandbox } from './fs-test-kit.js';

let sandbox: FsSandbox;
beforeEach(() => {
  sandbox = createFsSandbox();
});
afterEach(async () => {
  await sandbox.dispose();
});

const sha = (data: string): string => createHash('sha256').update(data).digest('hex');
const inWs = (path: string): string => join(sandbox.workspace, path);

describe('fs.delete', () => {
  it('is an external effect needing delete on the path', () => {
    const input = fsDelete.input.parse({ path: 'a' });
    expect(fsDelete.effect).toBe('external');
    expect(fsDelete.resources(input, { pid: 'proc_00000001' as never, cwd: '.' })).toEqual([
      { resource: { kind: 'fs', path: 'a' }, right: 'delete' },
    ]);
  });

  it('deletes a file and returns the hash of what it removed', async () => {
    writeFileSync(inWs('a.txt'), 'bye');
    const out = await runFsSyscall(fsDelete, { path: 'a.txt' }, { sandbox });
    expect(out).toEqual({ path: 'a.txt', type: 'file', removed: 1, previousSha256: sha('bye') });
    expect(existsSync(inWs('a.txt'))).toBe(false);
  });

  it('needs recursive for a directory', async () => {
    mkdirSync(inWs('d'));
    const error = await failureOf(runFsSyscall(fsDelete, { path: 'd' }, { sandbox }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(existsSync(inWs('d'))).toBe(true);
  });

  it('deletes a tree recursively, unlinking links inside without following them', async () => {
    writeFileSync(join(sandbox.outside, 'keep.txt'), 'outside');
    mkdirSync(inWs('t/a/b'), { recursive: true });
    writeFileSync(inWs('t/a/b/f'), 'x');
    writeFileSync(inWs('t/g'), 'y');
    symlinkSync(sandbox.outside, inWs('t/a/out-dir'));
    symlinkSync(join(sandbox.outside, 'keep.txt'), inWs('t/out-file'));
    const out = await runFsSyscall(fsDelete, { path: 't', recursive: true }, { sandbox });
    expect(out).toEqual({ path: 't', type: 'dir', removed: 7, previousSha256: null });
    expect(existsSync(inWs('t'))).toBe(false);
    expect(readdirSync(sandbox.outside)).toEqual(['keep.txt']);
    expect(readFileSync(join(sandbox.outside, 'keep.txt'), 'utf8')).toBe('outside');
  });

  it('deletes a symbolic link itself, leaving its target alone', async () => {
    writeFileSync(join(sandbox.outside, 'secret'), 's');
    symlinkSync(join(sandbox.outside, 'secret'), inWs('link'));
    symlinkSync(sandbox.outside, inWs('dirlink'));
    expect(await runFsSyscall(fsDelete, { path: 'link' }, { sandbox })).toMatchObject({
      type: 'symlink',
      removed: 1,
    });
    expect(
      await runFsSyscall(fsDelete, { path: 'dirlink', recursive: true }, { sandbox }),
    ).toMatchObject({
      type: 'symlink',
      removed: 1,
    });
    expect(readdirSync(sandbox.workspace)).toEqual([]);
    expect(readFileSync(join(sandbox.outside, 'secret'), 'utf8')).toBe('s');
  });

  it('refuses the workspace root and reports missing paths as NOT_FOUND', async () => {
    writeFileSync(inWs('a'), '');
    expect(
      (await failureOf(runFsSyscall(fsDelete, { path: '.', recursive: true }, { sandbox }))).code,
    ).toBe('NOT_PERMITTED');
    expect(
      (await failureOf(runFsSyscall(fsDelete, { path: 'src/..', recursive: true }, { sandbox })))
        .code,
    ).toBe('NOT_PERMITTED');
    expect(lstatSync(inWs('a')).isFile()).toBe(true);
    const missing = await failureOf(runFsSyscall(fsDelete, { path: 'nope' }, { sandbox }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('Deleting a path failed: no such file or directory: nope');
  });

  it('journals the path, type, count and pre-image hash', async () => {
    writeFileSync(inWs('a.txt'), 'content');
    const input = fsDelete.input.parse({ path: 'a.txt' });
    const out = await runFsSyscall(fsDelete, input, { sandbox });
    expect(fsDelete.journal(input, out)).toEqual({
      path: 'a.txt',
      recursive: false,
      type: 'file',
      removed: 1,
      previousSha256: sha('content'),
    });
  });
});
