// At-use containment for files: open a name inside a verified directory without following it, then verify what was opened.
import { constants, promises as fsp, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { ContainedDir } from './contained-dir.js';
import { closeQuietly, joinReal, verifyDescriptor } from './descriptor.js';
import { containmentError, errnoOf, pathError, toFsError } from './fs-error.js';
import type { FsErrorContext } from './fs-error.js';

/** A verified open file and what its descriptor's fstat said when it was checked. */
export interface ContainedFile {
  readonly handle: FileHandle;
  /** The stats the checks were made on (a regular file with one link); callers may reuse them. */
  readonly stats: Stats;
}

/** How to open a contained file. */
export interface OpenFileOptions {
  /** Access flags (`O_RDONLY`, `O_RDWR | O_APPEND`, …); no-follow and non-blocking are added. */
  readonly flags: number;
  /** Mode for a file created by `O_CREAT`. */
  readonly mode?: number;
  readonly context: FsErrorContext;
}

/**
 * Opens the regular file `name` inside `dir` with `O_NOFOLLOW | O_NONBLOCK` and checks the open
 * descriptor: its kernel path must be exactly `<dir>/<name>`, it must be a regular file and
 * have exactly one link (a second link may live outside the workspace). `O_NONBLOCK` keeps a
 * FIFO from blocking the open; it then fails the regular-file check.
 * @returns the verified handle with its stats, or null when the name does not exist (and `O_CREAT` was not set).
 * @throws NOT_PERMITTED for a symbolic link, a hard link or a misplaced descriptor;
 *   INVALID_INPUT for a directory or anything that is not a regular file.
 */
export async function openContainedFile(
  dir: ContainedDir,
  name: string,
  options: OpenFileOptions,
): Promise<ContainedFile | null> {
  const { context } = options;
  let handle: FileHandle;
  try {
    handle = await fsp.open(
      dir.at(name),
      options.flags | constants.O_NOFOLLOW | constants.O_NONBLOCK,
      options.mode ?? 0o666,
    );
  } catch (cause) {
    if (errnoOf(cause) === 'ENOENT') return null;
    throw toFsError(cause, context);
  }
  try {
    verifyDescriptor(handle, joinReal(dir.expected, name), context);
    const stats = await handle.stat();
    if (stats.isDirectory()) throw pathError('INVALID_INPUT', 'is a directory', context);
    if (!stats.isFile()) throw pathError('INVALID_INPUT', 'not a regular file', context);
    if (stats.nlink !== 1) throw containmentError(context.attempted);
    return { handle, stats };
  } catch (cause) {
    await closeQuietly(handle);
    throw toFsError(cause, context);
  }
}
