// Tests for fs.mkdir: single and recursive creation, and the errors a caller can meet.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsMkdir } from './fs-mkdir.js';
import { createFsSandbox, failureOf, runFsSyscall, type FsSandbox } from './fs-test-kit.js';

let sandbox: FsSandbox;
beforeEach(() => {
  sandbox = createFsSandbox();
});
afterEach(async () => {
  await sandbox.dispose();
});

const inWs = (path: string): string => join(sandbox.workspace, path);

describe('fs.mkdir', () => {
  it('is an external effect needing write on the path', () => {
    const input = fsMkdir.input.parse({ path: 'd' });
    expect(fsMkdir.effect).toBe('external');
    expect(fsMkdir.resources(input, { pid: 'proc_00000001' as never, cwd: 'src' })).toEqual([
      { resource: { kind: 'fs', path: 'src/d' }, right: 'write' },
    ]);
  });

  it('creates one directory', async () => {
    expect(await runFsSyscall(fsMkdir, { path: 'd' }, { sandbox })).toEqual({
      path: 'd',
      created: true,
    });
    expect(statSync(inWs('d')).isDirectory()).toBe(true);
  });

  it('refuses an existing name with ALREADY_EXISTS unless recursive', async () => {
    mkdirSync(inWs('d'));
    expect((await failureOf(runFsSyscall(fsMkdir, { path: 'd' }, { sandbox }))).code).toBe(
      'ALREADY_EXISTS',
    );
    expect(await runFsSyscall(fsMkdir, { path: 'd', recursive: true }, { sandbox })).toEqual({
      path: 'd',
      created: false,
    });
    expect((await failureOf(runFsSyscall(fsMkdir, { path: '.' }, { sandbox }))).code).toBe(
      'ALREADY_EXISTS',
    );
  });

  it('needs the parent unless recursive, and then creates the whole chain', async () => {
    const error = await failureOf(runFsSyscall(fsMkdir, { path: 'a/b/c' }, { sandbox }));
    expect(error.code).toBe('NOT_FOUND');
    expect(existsSync(inWs('a'))).toBe(false);
    expect(await runFsSyscall(fsMkdir, { path: 'a/b/c', recursive: true }, { sandbox })).toEqual({
      path: 'a/b/c',
      created: true,
    });
    expect(statSync(inWs('a/b/c')).isDirectory()).toBe(true);
  });

  it('refuses to create through or over a regular file', async () => {
    writeFileSync(inWs('f'), '');
    expect((await failureOf(runFsSyscall(fsMkdir, { path: 'f' }, { sandbox }))).code).toBe(
      'ALREADY_EXISTS',
    );
    expect(
      (await failureOf(runFsSyscall(fsMkdir, { path: 'f', recursive: true }, { sandbox }))).code,
    ).toBe('ALREADY_EXISTS');
    expect(
      (await failureOf(runFsSyscall(fsMkdir, { path: 'f/x', recursive: true }, { sandbox }))).code,
    ).toBe('ALREADY_EXISTS');
    expect((await failureOf(runFsSyscall(fsMkdir, { path: 'f/x' }, { sandbox }))).code).toBe(
      'INVALID_INPUT',
    );
  });

  it('journals the path and whether it created anything', async () => {
    const input = fsMkdir.input.parse({ path: 'x/y', recursive: true });
    const out = await runFsSyscall(fsMkdir, input, { sandbox });
    expect(fsMkdir.journal(input, out)).toEqual({ path: 'x/y', recursive: true, created: true });
  });
});
