// Tests for fs.read: contents, encodings, limits and the errors a caller can meet.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsRead } from './fs-read.js';
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
});
afterEach(async () => {
  await sandbox.dispose();
});

const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

describe('fs.read', () => {
  it('needs read on the resolved path', () => {
    const input = fsRead.input.parse({ path: '../docs/a.md' });
    expect(fsRead.resources(input, { pid: 'proc_00000001' as never, cwd: 'src' })).toEqual([
      { resource: { kind: 'fs', path: 'docs/a.md' }, right: 'read' },
    ]);
  });

  it('reads a UTF-8 file with its size and hash', async () => {
    writeFileSync(join(sandbox.workspace, 'hello.txt'), 'héllo\n');
    const out = await runFsSyscall(fsRead, { path: 'hello.txt' }, { sandbox });
    expect(out).toEqual({
      path: 'hello.txt',
      content: 'héllo\n',
      bytes: 7,
      sha256: sha('héllo\n'),
    });
  });

  it('reads relative to the cwd', async () => {
    mkdirSync(join(sandbox.workspace, 'src/lib'), { recursive: true });
    writeFileSync(join(sandbox.workspace, 'src/a.ts'), 'x');
    const out = await runFsSyscall(fsRead, { path: '../a.ts' }, { sandbox, cwd: 'src/lib' });
    expect(out.path).toBe('src/a.ts');
    expect(out.content).toBe('x');
  });

  it('reads bytes as base64', async () => {
    const bytes = Buffer.from([0, 255, 128, 10]);
    writeFileSync(join(sandbox.workspace, 'blob.bin'), bytes);
    const out = await runFsSyscall(fsRead, { path: 'blob.bin', encoding: 'base64' }, { sandbox });
    expect(Buffer.from(out.content, 'base64')).toEqual(bytes);
    expect(out.sha256).toBe(sha(bytes));
  });

  it('refuses non-UTF-8 bytes as utf8 with INVALID_INPUT', async () => {
    writeFileSync(join(sandbox.workspace, 'blob.bin'), Buffer.from([0xff, 0xfe, 0x00]));
    const error = await failureOf(runFsSyscall(fsRead, { path: 'blob.bin' }, { sandbox }));
    expect(error.code).toBe('INVALID_INPUT');
  });

  it('refuses a file larger than maxBytes with OUT_OF_RANGE', async () => {
    writeFileSync(join(sandbox.workspace, 'big.txt'), 'x'.repeat(101));
    const error = await failureOf(
      runFsSyscall(fsRead, { path: 'big.txt', maxBytes: 100 }, { sandbox }),
    );
    expect(error.code).toBe('OUT_OF_RANGE');
    const ok = await runFsSyscall(fsRead, { path: 'big.txt', maxBytes: 101 }, { sandbox });
    expect(ok.bytes).toBe(101);
  });

  it('refuses a file past the 10 MiB default with OUT_OF_RANGE', async () => {
    writeFileSync(join(sandbox.workspace, 'huge.bin'), Buffer.alloc(10 * 1024 * 1024 + 1));
    const error = await failureOf(runFsSyscall(fsRead, { path: 'huge.bin' }, { sandbox }));
    expect(error.code).toBe('OUT_OF_RANGE');
  });

  it('rejects maxBytes above the cap and unknown fields in the schema', () => {
    expect(fsRead.input.safeParse({ path: 'a', maxBytes: 10 * 1024 * 1024 + 1 }).success).toBe(
      false,
    );
    expect(fsRead.input.safeParse({ path: 'a', follow: true }).success).toBe(false);
  });

  it('reports a missing file as NOT_FOUND with the relative path only', async () => {
    mkdirSync(join(sandbox.workspace, 'docs'));
    const error = await failureOf(runFsSyscall(fsRead, { path: 'docs/nope.md' }, { sandbox }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Reading a file failed: no such file or directory: docs/nope.md');
    const parent = await failureOf(runFsSyscall(fsRead, { path: 'nodir/nope.md' }, { sandbox }));
    expect(parent.code).toBe('NOT_FOUND');
    expect(leaksHostPath(parent, sandbox)).toBe(false);
  });

  it('refuses a directory with INVALID_INPUT', async () => {
    mkdirSync(join(sandbox.workspace, 'docs'));
    expect((await failureOf(runFsSyscall(fsRead, { path: 'docs' }, { sandbox }))).code).toBe(
      'INVALID_INPUT',
    );
    expect((await failureOf(runFsSyscall(fsRead, { path: '.' }, { sandbox }))).code).toBe(
      'INVALID_INPUT',
    );
  });

  it('refuses a path through a regular file with INVALID_INPUT', async () => {
    writeFileSync(join(sandbox.workspace, 'file'), 'x');
    const error = await failureOf(runFsSyscall(fsRead, { path: 'file/inner' }, { sandbox }));
    expect(error.code).toBe('INVALID_INPUT');
  });

  it('stops with CANCELLED when the signal has fired', async () => {
    writeFileSync(join(sandbox.workspace, 'a.txt'), 'x');
    const controller = new AbortController();
    controller.abort();
    const error = await failureOf(
      runFsSyscall(fsRead, { path: 'a.txt' }, { sandbox, signal: controller.signal }),
    );
    expect(error.code).toBe('CANCELLED');
  });

  it('journals the path, size and hash but never the content', async () => {
    writeFileSync(join(sandbox.workspace, 'secret.txt'), 'top secret');
    const input = fsRead.input.parse({ path: 'secret.txt' });
    const out = await runFsSyscall(fsRead, input, { sandbox });
    const journal = fsRead.journal(input, out);
    expect(journal).toEqual({ path: 'secret.txt', bytes: 10, sha256: sha('top secret') });
    expect(JSON.stringify(journal)).not.toContain('top secret');
  });
});
