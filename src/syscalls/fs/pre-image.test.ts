// keepPreImage: bytes kept up to the cap, the hash alone above it.
import { constants } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../base/hash.js';
import { openContainedDir } from './contained.js';
import { openContainedFile } from './contained-file.js';
import { createFsSandbox, createMemoryFileLog, type FsSandbox } from './fs-test-kit.js';
import { keepPreImage } from './pre-image.js';

describe('keepPreImage', () => {
  let sandbox: FsSandbox;
  beforeEach(() => {
    sandbox = createFsSandbox();
  });
  afterEach(async () => {
    await sandbox.dispose();
  });

  async function keep(content: string, maxBytes: number) {
    await writeFile(join(sandbox.workspace, 'f.txt'), content, { mode: 0o640 });
    const context = { attempted: 'Testing', path: 'f.txt' };
    const dir = await openContainedDir(sandbox.root, '.', context);
    const file = await openContainedFile(dir, 'f.txt', { flags: constants.O_RDONLY, context });
    const log = createMemoryFileLog();
    try {
      const signal = new AbortController().signal;
      const preImage = await keepPreImage(file!, { log, signal, context, maxBytes });
      return { preImage, log };
    } finally {
      await file?.handle.close();
      await dir.close();
    }
  }

  it('keeps the bytes of a file up to the cap, with its hash and mode', async () => {
    const { preImage, log } = await keep('12345678', 8);
    expect(preImage).toMatchObject({ sha256: sha256Hex('12345678'), mode: 0o640, kept: true });
    expect([...log.kept.keys()]).toStrictEqual([sha256Hex('12345678')]);
    expect(preImage.hash.copy().digest('hex')).toBe(sha256Hex('12345678'));
  });

  it('keeps only the hash of a file larger than the cap', async () => {
    const { preImage, log } = await keep('123456789', 8);
    expect(preImage).toMatchObject({ sha256: sha256Hex('123456789'), kept: false });
    expect(log.kept.size).toBe(0);
  });
});
