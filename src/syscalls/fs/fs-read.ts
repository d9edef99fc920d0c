// fs.read: read a workspace file through a verified, no-follow descriptor.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { defineSyscall, done } from '../define-syscall.js';
import { authorisedPath } from './authorised-path.js';
import { openContainedDir } from './contained.js';
import { openContainedFile } from './contained-file.js';
import { closeQuietly } from './descriptor.js';
import { readBounded } from './file-bytes.js';
import { notFoundError, pathError } from './fs-error.js';
import { resolveWorkspacePath, splitPath } from './resolve-path.js';

/** Largest file `fs.read` returns (10 MiB); `maxBytes` may only lower it. */
export const MAX_READ_BYTES = 10 * 1024 * 1024;

const ATTEMPTED = 'Reading a file';

const input = z.strictObject({
  path: z.string(),
  encoding: z.enum(['utf8', 'base64']).default('utf8'),
  maxBytes: z.number().int().min(0).max(MAX_READ_BYTES).default(MAX_READ_BYTES),
});

/** Input of `fs.read`. */
export type FsReadInput = z.infer<typeof input>;

/** Output of `fs.read`. */
export interface FsReadOutput {
  /** Workspace-relative path that was read. */
  readonly path: string;
  /** The content as UTF-8 text or base64, as asked. */
  readonly content: string;
  readonly bytes: number;
  /** SHA-256 (hex) of the raw bytes. */
  readonly sha256: string;
}

/**
 * `fs.read`: the contents of one regular file. Needs `read` on the path.
 * @throws NOT_FOUND, NOT_PERMITTED (link, hard link, outside), INVALID_INPUT (a directory,
 *   not a regular file, not UTF-8 when asked for utf8), OUT_OF_RANGE (past `maxBytes`).
 */
export const fsRead = defineSyscall<FsReadInput, FsReadOutput>({
  name: 'fs.read',
  summary: 'Read a workspace file as UTF-8 text or base64.',
  input,
  effect: 'none',
  resources: (args, ctx) => [
    { resource: resolveWorkspacePath(ctx.cwd, args.path, { attempted: ATTEMPTED }), right: 'read' },
  ],
  // The caller now holds the file's content: its label comes from the operator's path rules.
  received: (_args, output) => ({ resources: [`fs:${output.path}`], origins: ['file'] }),
  journal: (_args, output) => ({ path: output.path, bytes: output.bytes, sha256: output.sha256 }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const path = authorisedPath(ctx, args.path, { index: 0, right: 'read', attempted: ATTEMPTED });
    const context = { attempted: ATTEMPTED, path };
    const split = splitPath(path);
    if (split === null) throw pathError('INVALID_INPUT', 'is a directory', context);
    const dir = await openContainedDir(ctx.workspace, split.parent, context);
    try {
      const file = await openContainedFile(dir, split.name, {
        flags: constants.O_RDONLY,
        context,
      });
      if (file === null) throw notFoundError(context);
      try {
        const bytes = await readBounded(file.handle, {
          size: file.stats.size,
          maxBytes: args.maxBytes,
          signal: ctx.signal,
          context,
        });
        return done({
          path,
          content: decode(bytes, { encoding: args.encoding, context }),
          bytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        });
      } finally {
        await closeQuietly(file.handle);
      }
    } finally {
      await dir.close();
    }
  },
});

function decode(
  bytes: Buffer,
  options: { encoding: 'utf8' | 'base64'; context: { attempted: string; path: string } },
): string {
  if (options.encoding === 'base64') return bytes.toString('base64');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw pathError(
      'INVALID_INPUT',
      'the file is not valid UTF-8; read it with encoding base64',
      options.context,
    );
  }
}
