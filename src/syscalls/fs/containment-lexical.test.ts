// Attack tests refused lexically in resources(): traversal, absolute paths, NUL, NFD aliases, overlong paths — for every fs syscall.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pid } from '../../base/ids.js';
import type { AnySyscall } from '../define-syscall.js';
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
  writeFileSync(join(sandbox.workspace, 'f'), 'inside');
});
afterEach(async () => {
  await sandbox.dispose();
});

/** Each syscall with the raw input that aims `path` at its resource. */
const TARGETS: readonly (readonly [string, AnySyscall, (path: string) => unknown])[] = [
  ['fs.read', fsRead, (path) => ({ path })],
  ['fs.write', fsWrite, (path) => ({ path, content: 'pwned' })],
  ['fs.write append', fsWrite, (path) => ({ path, content: 'pwned', mode: 'append' })],
  ['fs.list', fsList, (path) => ({ path })],
  ['fs.stat', fsStat, (path) => ({ path })],
  ['fs.mkdir', fsMkdir, (path) => ({ path, recursive: true })],
  ['fs.delete', fsDelete, (path) => ({ path, recursive: true })],
  ['fs.move from', fsMove, (path) => ({ from: path, to: 'stolen' })],
  ['fs.move to', fsMove, (path) => ({ from: 'f', to: path, overwrite: true })],
];

const ATTACKS: readonly (readonly [string, (sandbox: FsSandbox) => string, string])[] = [
  ['.. traversal', () => '../outside/secret', 'NOT_PERMITTED'],
  ['deep .. traversal', () => 'a/b/../../../outside/secret', 'NOT_PERMITTED'],
  ['absolute host path', (s) => join(s.outside, 'secret'), 'NOT_PERMITTED'],
  ['absolute system path', () => '/etc/passwd', 'NOT_PERMITTED'],
  ['NUL byte', () => 'f\0/../../outside/secret', 'INVALID_INPUT'],
  ['backslash traversal', () => '..\\outside\\secret', 'INVALID_INPUT'],
  ['Unicode NFD alias', () => 'cafe\u0301', 'INVALID_INPUT'],
  ['overlong path', () => `${'a/'.repeat(2100)}f`, 'INVALID_INPUT'],
  ['overlong name', () => 'n'.repeat(300), 'INVALID_INPUT'],
];

function outsideUntouched(): void {
  expect(readdirSync(sandbox.outside)).toEqual(['secret']);
  expect(readFileSync(join(sandbox.outside, 'secret'), 'utf8')).toBe('outside secret');
}

describe.each(TARGETS)('%s', (_name, spec, rawFor) => {
  it.each(ATTACKS)(
    'refuses %s in resources() and in the pipeline path',
    async (_attack, pathOf, code) => {
      const input: unknown = spec.input.parse(rawFor(pathOf(sandbox)));
      expect(() => spec.resources(input, { pid: 'proc_00000001' as Pid, cwd: '.' })).toThrow();
      const error = await failureOf(runFsSyscall(spec, rawFor(pathOf(sandbox)), { sandbox }));
      expect(error.code).toBe(code);
      expect(leaksHostPath(error, sandbox)).toBe(false);
      outsideUntouched();
      expect(readdirSync(sandbox.workspace)).toEqual(['f']);
      expect(readFileSync(join(sandbox.workspace, 'f'), 'utf8')).toBe('inside');
    },
  );

  it('refuses a traversal that climbs out of the cwd', async () => {
    const error = await failureOf(
      runFsSyscall(spec, rawFor('../../../outside/secret'), { sandbox, cwd: 'a/b' }),
    );
    expect(error.code).toBe('NOT_PERMITTED');
    expect(leaksHostPath(error, sandbox)).toBe(false);
    outsideUntouched();
  });
});

describe('Unicode and case aliases', () => {
  it('never reaches an NFC file through its NFD spelling', async () => {
    writeFileSync(join(sandbox.workspace, 'café'), 'nfc');
    const error = await failureOf(
      runFsSyscall(fsWrite, { path: 'cafe\u0301', content: 'x' }, { sandbox }),
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(readdirSync(sandbox.workspace).sort()).toEqual(['café', 'f']);
    expect(readFileSync(join(sandbox.workspace, 'café'), 'utf8')).toBe('nfc');
  });

  it('does not fold case: another spelling is another (missing) file', async () => {
    writeFileSync(join(sandbox.workspace, 'secret.txt'), 's');
    const error = await failureOf(runFsSyscall(fsRead, { path: 'SECRET.txt' }, { sandbox }));
    expect(error.code).toBe('NOT_FOUND');
  });
});
