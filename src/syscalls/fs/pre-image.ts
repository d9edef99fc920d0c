// Keeping the pre-image of a regular file a call is about to overwrite or remove, for workspace rollback.
import { createHash, type Hash } from 'node:crypto';
import { constants } from 'node:fs';
import { isLibosError } from '../../base/errors.js';
import type { FileChangeLog, FileChangeReport } from '../../ports/file-change-store.js';
import type { ContainedDir } from './contained-dir.js';
import { openContainedFile, type ContainedFile } from './contained-file.js';
import { closeQuietly } from './descriptor.js';
import { hashFile, readBounded } from './file-bytes.js';
import type { FsErrorContext } from './fs-error.js';

/** Largest file whose bytes are kept as a pre-image (64 MiB); a larger one keeps its hash only. */
export const MAX_PRE_IMAGE_BYTES = 64 * 1024 * 1024;

/** What a file held before a call changed it. */
export interface PreImage {
  readonly sha256: string;
  /** Permission bits (`st_mode & 0o7777`), restored with the bytes. */
  readonly mode: number;
  /** Whether the bytes were kept as a blob (false: larger than the cap). */
  readonly kept: boolean;
  /** A live hash over the bytes, for a caller that extends them (an append). */
  readonly hash: Hash;
}

/**
 * Reads the verified open file `file` through its descriptor and keeps its bytes with `log`
 * when they fit under `maxBytes` (default MAX_PRE_IMAGE_BYTES); otherwise, or if it grew past
 * the cap while read, only hashes it.
 * @throws CANCELLED | DEADLINE_EXCEEDED when `signal` fires; the log's store errors.
 */
export async function keepPreImage(
  file: ContainedFile,
  options: {
    readonly log: FileChangeLog;
    readonly signal: AbortSignal;
    readonly context: FsErrorContext;
    readonly maxBytes?: number;
  },
): Promise<PreImage> {
  const { handle, stats } = file;
  const mode = stats.mode & 0o7777;
  const maxBytes = options.maxBytes ?? MAX_PRE_IMAGE_BYTES;
  if (stats.size <= maxBytes) {
    try {
      const bytes = await readBounded(handle, {
        size: stats.size,
        maxBytes,
        signal: options.signal,
        context: options.context,
      });
      const sha256 = await options.log.keep(bytes);
      return { sha256, mode, kept: true, hash: createHash('sha256').update(bytes) };
    } catch (cause) {
      // It grew past the cap while read: hash it instead, like any file too large to keep.
      if (!isLibosError(cause, 'OUT_OF_RANGE')) throw cause;
    }
  }
  const hash = await hashFile(handle, {
    signal: options.signal,
    attempted: options.context.attempted,
  });
  return { sha256: hash.copy().digest('hex'), mode, kept: false, hash };
}

/** The change made to `path`: from its pre-image (null: no regular file) to `afterSha256` (null: removed). */
export function fileChangeOf(
  path: string,
  before: PreImage | null,
  afterSha256: string | null,
): FileChangeReport {
  return {
    path,
    beforeSha256: before?.sha256 ?? null,
    beforeMode: before?.mode ?? null,
    preImageKept: before?.kept ?? false,
    afterSha256,
  };
}

/**
 * The pre-image of the file `name` in `dir` about to be replaced or removed, opened and verified
 * like any read (never through a link), its bytes kept (see `keepPreImage`); null when there is
 * no file there (it vanished meanwhile, or never was).
 */
export async function keepPreImageAt(
  dir: ContainedDir,
  name: string,
  options: {
    readonly log: FileChangeLog;
    readonly signal: AbortSignal;
    readonly context: FsErrorContext;
  },
): Promise<PreImage | null> {
  const file = await openContainedFile(dir, name, {
    flags: constants.O_RDONLY,
    context: options.context,
  });
  if (file === null) return null;
  try {
    return await keepPreImage(file, options);
  } finally {
    await closeQuietly(file.handle);
  }
}
