// What a workspace path holds now, read through the fs containment code (no link is ever followed).
import { constants, promises as fsp } from 'node:fs';
import { isLibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import type { ContainedDir } from '../../syscalls/fs/contained-dir.js';
import { openContainedDir } from '../../syscalls/fs/contained.js';
import { openContainedFile } from '../../syscalls/fs/contained-file.js';
import { closeQuietly } from '../../syscalls/fs/descriptor.js';
import { hashFile, readBounded } from '../../syscalls/fs/file-bytes.js';
import { errnoOf, toFsError, type FsErrorContext } from '../../syscalls/fs/fs-error.js';
import { splitPath } from '../../syscalls/fs/resolve-path.js';
import type { WorkspaceRoot } from '../../syscalls/fs/workspace-root.js';

/** Why a path cannot be read or changed by a rollback, whatever `force` says. */
export type RefusedKind = 'link' | 'hard-link' | 'directory' | 'not-a-file';

/** What a path holds now. */
export type DiskState =
  | { readonly kind: 'absent' }
  | {
      readonly kind: 'file';
      readonly sha256: string;
      readonly mode: number;
      /** The bytes, when asked for and no larger than asked. */
      readonly bytes: Uint8Array | null;
    }
  | { readonly kind: 'refused'; readonly reason: RefusedKind };

/**
 * Reads what the workspace path `path` holds: nothing (a missing name, or a parent that is not a
 * directory), a regular file with one link (hashed; its bytes too when `maxBytes` allows), or
 * something a rollback must not touch: a symbolic link anywhere on the path, a hard-linked file,
 * a directory, a FIFO or device.
 * @throws CANCELLED when `signal` fires; INTERNAL when the workspace root is gone.
 */
export async function readFileState(
  root: WorkspaceRoot,
  path: string,
  options: { readonly signal: AbortSignal; readonly maxBytes?: number },
): Promise<DiskState> {
  const context = { attempted: 'Reading a file for a rollback', path };
  const split = splitPath(path);
  if (split === null) return { kind: 'refused', reason: 'directory' };
  let dir: ContainedDir;
  try {
    dir = await openContainedDir(root, split.parent, context);
  } catch (cause) {
    if (isLibosError(cause, 'NOT_FOUND') || isLibosError(cause, 'INVALID_INPUT'))
      return { kind: 'absent' };
    if (isLibosError(cause, 'NOT_PERMITTED')) return { kind: 'refused', reason: 'link' };
    throw cause;
  }
  try {
    return await readEntry(dir, split.name, { ...options, context });
  } finally {
    await dir.close();
  }
}

async function readEntry(
  dir: ContainedDir,
  name: string,
  options: {
    readonly signal: AbortSignal;
    readonly maxBytes?: number;
    readonly context: FsErrorContext;
  },
): Promise<DiskState> {
  const { context } = options;
  let stats;
  try {
    stats = await fsp.lstat(dir.at(name));
  } catch (cause) {
    if (errnoOf(cause) === 'ENOENT') return { kind: 'absent' };
    throw toFsError(cause, context);
  }
  if (stats.isSymbolicLink()) return { kind: 'refused', reason: 'link' };
  if (stats.isDirectory()) return { kind: 'refused', reason: 'directory' };
  if (!stats.isFile()) return { kind: 'refused', reason: 'not-a-file' };
  if (stats.nlink !== 1) return { kind: 'refused', reason: 'hard-link' };
  let file;
  try {
    file = await openContainedFile(dir, name, { flags: constants.O_RDONLY, context });
  } catch (cause) {
    // The name changed between the lstat and the open: refuse it as the containment code did.
    if (isLibosError(cause, 'NOT_PERMITTED')) return { kind: 'refused', reason: 'link' };
    if (isLibosError(cause, 'INVALID_INPUT')) return { kind: 'refused', reason: 'not-a-file' };
    throw cause;
  }
  if (file === null) return { kind: 'absent' };
  try {
    const mode = file.stats.mode & 0o7777;
    const { maxBytes } = options;
    if (maxBytes !== undefined && file.stats.size <= maxBytes) {
      const bytes = await readBounded(file.handle, {
        size: file.stats.size,
        maxBytes,
        signal: options.signal,
        context,
      }).catch((cause: unknown) => {
        if (isLibosError(cause, 'OUT_OF_RANGE')) return null;
        throw cause;
      });
      if (bytes !== null) return { kind: 'file', sha256: sha256Hex(bytes), mode, bytes };
    }
    const hash = await hashFile(file.handle, {
      signal: options.signal,
      attempted: context.attempted,
    });
    return { kind: 'file', sha256: hash.digest('hex'), mode, bytes: null };
  } finally {
    await closeQuietly(file.handle);
  }
}
