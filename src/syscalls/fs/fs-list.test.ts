// Tests for fs.list: sorted entries with types and sizes, limits, and links reported but not followed.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsList } from './fs-list.js';
import { createFsSandbox, failureOf, runFsSyscall, type FsSandbox } from './fs-test-kit.js';

let sandbox: FsSandbox;
beforeEach(() => {
  sandbox = createFsSandbox();
});
afterEach(async () => {
  await sandbox.dispose();
});

const inWs = (path: string): string => join(sandbox.workspace, path);

describe('fs.list', () => {
  it('needs read on the directory', () => {
    const input = fsList.input.parse({ path: '.' });
    expect(fsList.resources(input, { pid: 'proc_00000001' as never, cwd: 'src' })).toEqual([
      { resource: { kind: 'fs', path: 'src' }, right: 'read' },
    ]);
  });

  it('lists entries sorted by name with their types and sizes', async () => {
    writeFileSync(inWs('b.txt'), 'four');
    mkdirSync(inWs('a-dir'));
    symlinkSync(sandbox.outside, inWs('c-link'));
    const out = await runFsSyscall(fsList, { path: '.' }, { sandbox });
    expect(out).toEqual({
      path: '.',
      entries: [
        { name: 'a-dir', type: 'dir', size: 0 },
        { name: 'b.txt', type: 'file', size: 4 },
        { name: 'c-link', type: 'symlink', size: Buffer.byteLength(sandbox.outside) },
      ],
      total: 3,
      truncated: false,
    });
  });

  it('lists a subdirectory relative to the cwd', async () => {
    mkdirSync(inWs('src/lib'), { recursive: true });
    writeFileSync(inWs('src/lib/x.ts'), '');
    const out = await runFsSyscall(fsList, { path: 'lib' }, { sandbox, cwd: 'src' });
    expect(out.path).toBe('src/lib');
    expect(out.entries).toEqual([{ name: 'x.ts', type: 'file', size: 0 }]);
  });

  it('stops at the limit and says it truncated', async () => {
    for (const name of ['e', 'd', 'c', 'b', 'a']) writeFileSync(inWs(name), '');
    const out = await runFsSyscall(fsList, { path: '.', limit: 2 }, { sandbox });
    expect(out.entries.map((e) => e.name)).toEqual(['a', 'b']);
    expect(out).toMatchObject({ total: 5, truncated: true });
  });

  it('fails with NOT_FOUND for a missing directory and INVALID_INPUT for a file', async () => {
    writeFileSync(inWs('f'), '');
    expect((await failureOf(runFsSyscall(fsList, { path: 'nope' }, { sandbox }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await failureOf(runFsSyscall(fsList, { path: 'f' }, { sandbox }))).code).toBe(
      'INVALID_INPUT',
    );
  });

  it('journals the path and the number of entries, never the names', async () => {
    writeFileSync(inWs('private-name'), '');
    const input = fsList.input.parse({ path: '.' });
    const out = await runFsSyscall(fsList, input, { sandbox });
    expect(fsList.journal(input, out)).toEqual({ path: '.', entries: 1, truncated: false });
  });
});
