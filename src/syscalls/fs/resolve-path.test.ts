// Tests for lexical workspace path resolution: accepted shapes, every refusal, and escape-freedom as a property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LibosError } from '../../base/errors.js';
import { normalizePath } from '../../kernel/capability/resource.js';
import { resolveWorkspacePath, splitPath } from './resolve-path.js';

function refusal(cwd: string, path: string): LibosError {
  try {
    resolveWorkspacePath(cwd, path);
  } catch (error) {
    if (error instanceof LibosError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(path)} to be refused`);
}

describe('resolveWorkspacePath', () => {
  it.each([
    ['.', 'a.txt', 'a.txt'],
    ['.', './a//b/', 'a/b'],
    ['.', '.', '.'],
    ['src', 'x.ts', 'src/x.ts'],
    ['src', '..', '.'],
    ['src/lib', '../../docs/a.md', 'docs/a.md'],
    ['.', 'a/b/../c', 'a/c'],
    ['.', 'café', 'café'],
    ['.', 'SECRET', 'SECRET'],
  ])('resolves %j + %j to %j', (cwd, path, expected) => {
    expect(resolveWorkspacePath(cwd, path)).toEqual({ kind: 'fs', path: expected });
  });

  it.each([
    ['..', '.'],
    ['../outside/x', '.'],
    ['a/../../x', '.'],
    ['../../x', 'src'],
    ['/etc/passwd', '.'],
    ['/', 'src'],
  ])('refuses the escape %j from %j with NOT_PERMITTED', (path, cwd) => {
    const error = refusal(cwd, path);
    expect(error.code).toBe('NOT_PERMITTED');
    expect(error.message).not.toContain('/etc');
  });

  it.each([
    ['empty', ''],
    ['NUL byte', 'a\0b'],
    ['newline', 'a\nb'],
    ['backslash', 'a\\b'],
    ['backslash escape', '..\\..\\x'],
    ['drive letter', 'C:/x'],
    ['NFD alias of café', 'cafe\u0301'],
    ['lone surrogate', 'a\ud800b'],
    ['right-to-left override', 'report/\u202Etxt.exe'],
    ['zero-width space', 'se\u200Bcret.txt'],
    ['line separator', 'a\u2028b'],
    ['over 4096 bytes', `${'a/'.repeat(2048)}x`],
    ['over 4096 bytes in multi-byte characters', 'é'.repeat(2049)],
    ['a component over 255 bytes', `dir/${'n'.repeat(256)}`],
  ])('refuses a malformed path (%s) with INVALID_INPUT', (_label, path) => {
    expect(refusal('.', path).code).toBe('INVALID_INPUT');
  });

  it('refuses a path that only grows too long once joined to the cwd', () => {
    const cwd = 'd'.repeat(200) + '/' + 'e'.repeat(200);
    const path = `${'f'.repeat(250)}/`.repeat(15);
    expect(refusal(cwd, path).code).toBe('INVALID_INPUT');
  });

  it('never echoes an absolute input in its message', () => {
    const error = refusal('.', '/home/someone/secret');
    expect(error.message).not.toContain('/home');
    expect(error.message).toBe(
      'Resolving a path failed: absolute paths are not allowed; use a workspace-relative path',
    );
  });

  it('names the attempt it was given', () => {
    expect(() => resolveWorkspacePath('.', '../x', { attempted: 'Reading a file' })).toThrow(
      'Reading a file failed: the path leaves the workspace',
    );
  });

  it('always yields a normalised path inside the workspace, or refuses', () => {
    const segment = fc.constantFrom('a', 'b', '..', '.', '', 'c.txt');
    const relative = fc.array(segment, { maxLength: 8 }).map((parts) => parts.join('/'));
    const cwd = fc
      .array(fc.constantFrom('a', 'b', 'src'), { maxLength: 3 })
      .map((p) => (p.length === 0 ? '.' : p.join('/')));
    fc.assert(
      fc.property(cwd, relative, (dir, path) => {
        let resolved: string;
        try {
          resolved = resolveWorkspacePath(dir, path).path;
        } catch (error) {
          return (
            error instanceof LibosError && ['NOT_PERMITTED', 'INVALID_INPUT'].includes(error.code)
          );
        }
        return (
          normalizePath(resolved) === resolved &&
          resolved !== '..' &&
          !resolved.startsWith('../') &&
          !resolved.split('/').includes('..') &&
          !resolved.startsWith('/')
        );
      }),
    );
  });
});

describe('splitPath', () => {
  it('splits off the last name', () => {
    expect(splitPath('a/b/c')).toEqual({ parent: 'a/b', name: 'c' });
    expect(splitPath('c')).toEqual({ parent: '.', name: 'c' });
    expect(splitPath('.')).toBeNull();
  });
});
