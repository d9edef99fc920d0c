// Tests for fs.write: create, atomic overwrite and append, with pre-image hashes and no leftovers.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsWrite } from './fs-write.js';
import { createFsSandbox, failureOf, runFsSyscall, type FsSandbox } from './fs-test-kit.js';

let sandbox: FsSandbox;
beforeEach(() => {
  sandbox = createFsSandbox();
});
afterEach(async () => {
  await sandbox.dispose();
});

const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const inWs = (path: string): string => join(sandbox.workspace, path);

describe('fs.write', () => {
  it('is an external effect needing write on the resolved path', () => {
    const input = fsWrite.input.parse({ path: 'a.txt', content: '' });
    expect(fsWrite.effect).toBe('external');
    expect(fsWrite.resources(input, { pid: 'proc_00000001' as never, cwd: 'src' })).toEqual([
      { resource: { kind: 'fs', path: 'src/a.txt' }, right: 'write' },
    ]);
  });

  it('creates a missing file by default', async () => {
    const out = await runFsSyscall(fsWrite, { path: 'a.txt', content: 'hello' }, { sandbox });
    expect(out).toEqual({
      path: 'a.txt',
      bytes: 5,
      sha256: sha('hello'),
      created: true,
      previousSha256: null,
    });
    expect(readFileSync(inWs('a.txt'), 'utf8')).toBe('hello');
  });

  it('replaces an existing file atomically, returning the pre-image hash and keeping permissions', async () => {
    writeFileSync(inWs('run.sh'), 'old');
    chmodSync(inWs('run.sh'), 0o750);
    const out = await runFsSyscall(fsWrite, { path: 'run.sh', content: 'new!' }, { sandbox });
    expect(out).toEqual({
      path: 'run.sh',
      bytes: 4,
      sha256: sha('new!'),
      created: false,
      previousSha256: sha('old'),
    });
    expect(readFileSync(inWs('run.sh'), 'utf8')).toBe('new!');
    expect(statSync(inWs('run.sh')).mode & 0o777).toBe(0o750);
    expect(readdirSync(sandbox.workspace)).toEqual(['run.sh']);
  });

  it('creates with mode create and refuses an existing name with ALREADY_EXISTS', async () => {
    const out = await runFsSyscall(
      fsWrite,
      { path: 'n.txt', content: 'one', mode: 'create' },
      { sandbox },
    );
    expect(out.created).toBe(true);
    const error = await failureOf(
      runFsSyscall(fsWrite, { path: 'n.txt', content: 'two', mode: 'create' }, { sandbox }),
    );
    expect(error.code).toBe('ALREADY_EXISTS');
    expect(readFileSync(inWs('n.txt'), 'utf8')).toBe('one');
    expect(readdirSync(sandbox.workspace)).toEqual(['n.txt']);
  });

  it('appends to an existing file, hashing the pre-image and the result', async () => {
    writeFileSync(inWs('log.txt'), 'a\n');
    const out = await runFsSyscall(
      fsWrite,
      { path: 'log.txt', content: 'b\n', mode: 'append' },
      { sandbox },
    );
    expect(out).toEqual({
      path: 'log.txt',
      bytes: 2,
      sha256: sha('a\nb\n'),
      created: false,
      previousSha256: sha('a\n'),
    });
    expect(readFileSync(inWs('log.txt'), 'utf8')).toBe('a\nb\n');
  });

  it('creates the file when appending to a missing one', async () => {
    const out = await runFsSyscall(
      fsWrite,
      { path: 'new.log', content: 'x', mode: 'append' },
      { sandbox },
    );
    expect(out).toMatchObject({ created: true, previousSha256: null, sha256: sha('x') });
  });

  it('writes base64 content as bytes and rejects malformed base64 in the schema', async () => {
    const bytes = Buffer.from([1, 2, 250]);
    await runFsSyscall(
      fsWrite,
      { path: 'b.bin', content: bytes.toString('base64'), encoding: 'base64' },
      { sandbox },
    );
    expect(readFileSync(inWs('b.bin'))).toEqual(bytes);
    expect(
      fsWrite.input.safeParse({ path: 'b', content: 'not base64!', encoding: 'base64' }).success,
    ).toBe(false);
    expect(fsWrite.input.safeParse({ path: 'b', content: '', mode: 'truncate' }).success).toBe(
      false,
    );
  });

  it('refuses content over 10 MiB with OUT_OF_RANGE and writes nothing', async () => {
    const content = 'x'.repeat(10 * 1024 * 1024 + 1);
    const error = await failureOf(runFsSyscall(fsWrite, { path: 'big', content }, { sandbox }));
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(readdirSync(sandbox.workspace)).toEqual([]);
  });

  it('fails with NOT_FOUND when the parent directory is missing', async () => {
    const error = await failureOf(
      runFsSyscall(fsWrite, { path: 'no/dir/a.txt', content: 'x' }, { sandbox }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Writing a file failed: no such file or directory: no/dir/a.txt');
  });

  it('refuses to write over a directory or the root with INVALID_INPUT', async () => {
    mkdirSync(inWs('d'));
    for (const mode of ['overwrite', 'create', 'append'] as const) {
      const error = await failureOf(
        runFsSyscall(fsWrite, { path: 'd', content: 'x', mode }, { sandbox }),
      );
      expect(error.code).toBe(mode === 'create' ? 'ALREADY_EXISTS' : 'INVALID_INPUT');
    }
    expect(
      (await failureOf(runFsSyscall(fsWrite, { path: '.', content: 'x' }, { sandbox }))).code,
    ).toBe('INVALID_INPUT');
    expect(readdirSync(inWs('d'))).toEqual([]);
    expect(readdirSync(sandbox.workspace)).toEqual(['d']);
  });

  it('does nothing when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failureOf(
      runFsSyscall(
        fsWrite,
        { path: 'a.txt', content: 'x' },
        { sandbox, signal: controller.signal },
      ),
    );
    expect(error.code).toBe('CANCELLED');
    expect(existsSync(inWs('a.txt'))).toBe(false);
  });

  it('journals paths, sizes and hashes but never the content', async () => {
    writeFileSync(inWs('s.txt'), 'old secret');
    const input = fsWrite.input.parse({ path: 's.txt', content: 'new secret' });
    const out = await runFsSyscall(fsWrite, input, { sandbox });
    const journal = fsWrite.journal(input, out);
    expect(journal).toEqual({
      path: 's.txt',
      mode: 'overwrite',
      bytes: 10,
      sha256: sha('new secret'),
      created: false,
      previousSha256: sha('old secret'),
    });
    expect(JSON.stringify(journal)).not.toContain('new secret');
    expect(JSON.stringify(journal)).not.toContain('old secret');
  });
});
