// readBounded: whole files in as few reads as their size allows, never truncated, never past the limit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readBounded } from './file-bytes.js';
import { failureOf } from './fs-test-kit.js';

const context = { attempted: 'Reading a file', path: 'f' };
let dir: string;
let handle: FileHandle | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'libos-bytes-'));
});
afterEach(async () => {
  await handle?.close();
  handle = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a file holding `bytes` and counts the reads made on it. */
async function fileOf(bytes: Buffer): Promise<{ handle: FileHandle; reads: () => number }> {
  writeFileSync(join(dir, 'f'), bytes);
  handle = await open(join(dir, 'f'), 'r');
  const spy = vi.spyOn(handle, 'read');
  return { handle, reads: () => spy.mock.calls.length };
}

const read = (file: FileHandle, size: number, maxBytes = 1024 * 1024): Promise<Buffer> =>
  readBounded(file, { size, maxBytes, signal: new AbortController().signal, context });

describe('readBounded', () => {
  it('reads a small file whole in one read', async () => {
    const bytes = Buffer.from('hello world\n'.repeat(20));
    const file = await fileOf(bytes);
    expect(await read(file.handle, bytes.length)).toEqual(bytes);
    expect(file.reads()).toBe(1);
  });

  it('reads an empty file in one read', async () => {
    const file = await fileOf(Buffer.alloc(0));
    expect(await read(file.handle, 0)).toEqual(Buffer.alloc(0));
    expect(file.reads()).toBe(1);
  });

  it('reads a large file in chunks with no read past its end', async () => {
    const bytes = Buffer.alloc(200_000, 7);
    const file = await fileOf(bytes);
    expect(await read(file.handle, bytes.length)).toEqual(bytes);
    expect(file.reads()).toBe(4); // 3 × 64 KiB + the 3,392-byte rest
  });

  it('returns all of a file that grew after its size was taken', async () => {
    const file = await fileOf(Buffer.from('0123456789'));
    expect((await read(file.handle, 5)).toString()).toBe('0123456789');
  });

  it('refuses a file that grew past the limit after its size was taken', async () => {
    const file = await fileOf(Buffer.from('0123456789'));
    expect((await failureOf(read(file.handle, 5, 8))).code).toBe('OUT_OF_RANGE');
  });

  it('returns what is left of a file that shrank after its size was taken', async () => {
    const file = await fileOf(Buffer.from('01234'));
    expect((await read(file.handle, 10)).toString()).toBe('01234');
  });

  it('refuses a file whose size is past the limit without reading it', async () => {
    const file = await fileOf(Buffer.from('0123456789'));
    expect((await failureOf(read(file.handle, 10, 9))).code).toBe('OUT_OF_RANGE');
    expect(file.reads()).toBe(0);
  });
});
