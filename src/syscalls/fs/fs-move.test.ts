// Tests for fs.move: renames within and across directories, no clobbering, overwrite with a pre-image.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsMove } from './fs-move.js';
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

describe('fs.move', () => {
  it('needs delete on the source and write on the target', () => {
    const input = fsMove.input.parse({ from: 'a', to: '../b' });
    expect(fsMove.effect).toBe('external');
    expect(fsMove.resources(input, { pid: 'proc_00000001' as never, cwd: 'src' })).toEqual([
      { resource: { kind: 'fs', path: 'src/a' }, right: 'delete' },
      { resource: { kind: 'fs', path: 'b' }, right: 'write' },
    ]);
  });

  it('renames a file into another directory', async () => {
    writeFileSync(inWs('a.txt'), 'x');
    mkdirSync(inWs('d'));
    const out = await runFsSyscall(fsMove, { from: 'a.txt', to: 'd/b.txt' }, { sandbox });
    expect(out).toEqual({
      from: 'a.txt',
      to: 'd/b.txt',
      type: 'file',
      replaced: false,
      replacedSha256: null,
    });
    expect(existsSync(inWs('a.txt'))).toBe(false);
    expect(readFileSync(inWs('d/b.txt'), 'utf8')).toBe('x');
  });

  it('moves a directory with its contents', async () => {
    mkdirSync(inWs('src/lib'), { recursive: true });
    writeFileSync(inWs('src/lib/x'), '1');
    const out = await runFsSyscall(fsMove, { from: 'src', to: 'source' }, { sandbox });
    expect(out.type).toBe('dir');
    expect(readFileSync(inWs('source/lib/x'), 'utf8')).toBe('1');
  });

  it('refuses an existing target without overwrite and replaces a file with it', async () => {
    writeFileSync(inWs('a'), 'new');
    writeFileSync(inWs('b'), 'old');
    const error = await failureOf(runFsSyscall(fsMove, { from: 'a', to: 'b' }, { sandbox }));
    expect(error.code).toBe('ALREADY_EXISTS');
    expect(readFileSync(inWs('b'), 'utf8')).toBe('old');
    const out = await runFsSyscall(fsMove, { from: 'a', to: 'b', overwrite: true }, { sandbox });
    expect(out).toMatchObject({ replaced: true, replacedSha256: sha('old') });
    expect(readdirSync(sandbox.workspace)).toEqual(['b']);
    expect(readFileSync(inWs('b'), 'utf8')).toBe('new');
  });

  it('refuses to replace a directory, to move into itself, to move the root and the same path', async () => {
    mkdirSync(inWs('d/e'), { recursive: true });
    writeFileSync(inWs('f'), '');
    const cases = [
      [{ from: 'f', to: 'd/e', overwrite: true }, 'INVALID_INPUT'],
      [{ from: 'd', to: 'd/e/inner' }, 'INVALID_INPUT'],
      [{ from: '.', to: 'x' }, 'NOT_PERMITTED'],
      [{ from: 'f', to: '.' }, 'INVALID_INPUT'],
      [{ from: 'f', to: './f' }, 'INVALID_INPUT'],
    ] as const;
    for (const [raw, code] of cases) {
      expect((await failureOf(runFsSyscall(fsMove, raw, { sandbox }))).code).toBe(code);
    }
    expect(readdirSync(sandbox.workspace).sort()).toEqual(['d', 'f']);
  });

  it('reports a missing source or target parent as NOT_FOUND', async () => {
    writeFileSync(inWs('f'), '');
    expect(
      (await failureOf(runFsSyscall(fsMove, { from: 'nope', to: 'x' }, { sandbox }))).message,
    ).toBe('Moving a path failed: no such file or directory: nope');
    expect(
      (await failureOf(runFsSyscall(fsMove, { from: 'f', to: 'no/x' }, { sandbox }))).code,
    ).toBe('NOT_FOUND');
    expect(existsSync(inWs('f'))).toBe(true);
  });

  it('journals both relative paths and the pre-image of a replaced file', async () => {
    writeFileSync(inWs('a'), 'new');
    writeFileSync(inWs('b'), 'old');
    const input = fsMove.input.parse({ from: 'a', to: 'b', overwrite: true });
    const out = await runFsSyscall(fsMove, input, { sandbox });
    expect(fsMove.journal(input, out)).toEqual({
      from: 'a',
      to: 'b',
      type: 'file',
      replaced: true,
      replacedSha256: sha('old'),
    });
  });
});
