// Tests for fs.stat: files, directories, the root, and links described without being followed.
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsStat } from './fs-stat.js';
import { createFsSandbox, failureOf, runFsSyscall, type FsSandbox } from './fs-test-kit.js';

let sandbox: FsSandbox;
beforeEach(() => {
  sandbox = createFsSandbox();
});
afterEach(async () => {
  await sandbox.dispose();
});

const inWs = (path: string): string => join(sandbox.workspace, path);

describe('fs.stat', () => {
  it('describes a file with its size and modification time', async () => {
    writeFileSync(inWs('a.txt'), 'abc');
    utimesSync(inWs('a.txt'), 1_700_000_000, 1_700_000_000);
    const out = await runFsSyscall(fsStat, { path: 'a.txt' }, { sandbox });
    expect(out).toEqual({ path: 'a.txt', type: 'file', size: 3, mtimeMs: 1_700_000_000_000 });
  });

  it('describes directories and the workspace root', async () => {
    mkdirSync(inWs('d'));
    expect((await runFsSyscall(fsStat, { path: 'd' }, { sandbox })).type).toBe('dir');
    expect(await runFsSyscall(fsStat, { path: '.' }, { sandbox })).toMatchObject({
      path: '.',
      type: 'dir',
      size: 0,
    });
  });

  it('reports a final symbolic link as a link without following it', async () => {
    writeFileSync(join(sandbox.outside, 'secret'), 'a much longer outside secret');
    symlinkSync(join(sandbox.outside, 'secret'), inWs('link'));
    const out = await runFsSyscall(fsStat, { path: 'link' }, { sandbox });
    expect(out.type).toBe('symlink');
    expect(out.size).toBe(Buffer.byteLength(join(sandbox.outside, 'secret')));
  });

  it('fails with NOT_FOUND for a missing path', async () => {
    const error = await failureOf(runFsSyscall(fsStat, { path: 'a/b' }, { sandbox }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Reading file status failed: no such file or directory: a/b');
  });

  it('needs read and journals only the path and type', async () => {
    writeFileSync(inWs('a.txt'), '');
    const input = fsStat.input.parse({ path: 'a.txt' });
    expect(fsStat.resources(input, { pid: 'proc_00000001' as never, cwd: '.' })).toEqual([
      { resource: { kind: 'fs', path: 'a.txt' }, right: 'read' },
    ]);
    const out = await runFsSyscall(fsStat, input, { sandbox });
    expect(fsStat.journal(input, out)).toEqual({ path: 'a.txt', type: 'file' });
  });
});
