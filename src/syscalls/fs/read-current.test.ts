// The operator's read of the file a pending write would replace: text, binary, too large, and never through a link or a second name.
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsSandbox, type FsSandbox } from './fs-test-kit.js';
import { readCurrentFile } from './read-current.js';

let box: FsSandbox;
const read = (path: string, maxBytes = 1024) =>
  readCurrentFile(box.root, path, { maxBytes, signal: new AbortController().signal });

beforeEach(() => {
  box = createFsSandbox();
  writeFileSync(join(box.outside, 'secret.txt'), 'OUTSIDE-SECRET');
  mkdirSync(join(box.workspace, 'notes'));
});
afterEach(async () => {
  await box.dispose();
});

describe('readCurrentFile', () => {
  it('reads text, tells binary, missing and too large apart', async () => {
    writeFileSync(join(box.workspace, 'notes/a.md'), 'hello\n');
    writeFileSync(join(box.workspace, 'notes/b.bin'), Buffer.from([0xff, 0xfe, 0x00]));
    writeFileSync(join(box.workspace, 'notes/big.md'), 'x'.repeat(2048));
    expect(await read('notes/a.md')).toEqual({ state: 'text', text: 'hello\n', bytes: 6 });
    expect(await read('notes/b.bin')).toEqual({ state: 'binary', bytes: 3 });
    expect(await read('notes/none.md')).toEqual({ state: 'missing' });
    expect(await read('nowhere/none.md')).toEqual({ state: 'missing' });
    expect(await read('notes/big.md')).toEqual({ state: 'too-large', bytes: 2048 });
  });

  it('never reads through a link, a linked directory, a hard link or a directory', async () => {
    symlinkSync(join(box.outside, 'secret.txt'), join(box.workspace, 'notes/link.md'));
    symlinkSync(box.outside, join(box.workspace, 'out'));
    linkSync(join(box.outside, 'secret.txt'), join(box.workspace, 'notes/hard.md'));
    for (const path of ['notes/link.md', 'out/secret.txt', 'notes/hard.md', 'notes', '.']) {
      const current = await read(path);
      expect(current.state, path).toBe('unreadable');
      expect(JSON.stringify(current), path).not.toContain('OUTSIDE-SECRET');
      expect(JSON.stringify(current), path).not.toContain(box.base);
    }
  });
});
