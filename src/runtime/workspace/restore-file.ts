// Putting one workspace file back as it was (bytes and mode) or removing it, through the fs containment code.
import { constants, promises as fsp } from 'node:fs';
import { throwIfAborted } from '../../base/abort.js';
import { isLibosError, LibosError } from '../../base/errors.js';
import type { ContainedDir } from '../../syscalls/fs/contained-dir.js';
import { openContainedDir } from '../../syscalls/fs/contained.js';
import { openContainedFile } from '../../syscalls/fs/contained-file.js';
import { closeQuietly } from '../../syscalls/fs/descriptor.js';
import { hashFile } from '../../syscalls/fs/file-bytes.js';
import { containmentError, toFsError, type FsErrorContext } from '../../syscalls/fs/fs-error.js';
import { writeFileAtomically } from '../../syscalls/fs/replace-file.js';
import { splitPath } from '../../syscalls/fs/resolve-path.js';
import type { WorkspaceRoot } from '../../syscalls/fs/workspace-root.js';

/**
 * Writes `bytes` to `path` with the permission bits `mode`, atomically (temp file and rename in
 * the verified parent), creating missing parent directories one verified name at a time. With
 * `expected`, the path must still hold those contents (null: nothing) right before the write,
 * checked through an open descriptor: a save made since the rollback's check is not overwritten.
 * @throws NOT_PERMITTED (a link or hard link on the way or at the path), INVALID_INPUT (a
 *   directory at the path, a file where a parent should be), VERSION_CONFLICT (not `expected`),
 *   CANCELLED before the rename.
 */
export async function restoreFile(
  root: WorkspaceRoot,
  path: string,
  options: {
    readonly bytes: Uint8Array;
    readonly mode: number | null;
    readonly signal: AbortSignal;
    readonly expected?: string | null;
  },
): Promise<void> {
  const context = { attempted: 'Restoring a file', path };
  const split = splitPath(path);
  if (split === null) throw containmentError(context.attempted);
  const dir = await openContainedDir(root, split.parent, context, { create: true });
  try {
    if (options.expected !== undefined) {
      const file = await openContainedFile(dir, split.name, { flags: constants.O_RDONLY, context });
      let found: string | null = null;
      if (file !== null)
        try {
          found = (
            await hashFile(file.handle, { signal: options.signal, attempted: context.attempted })
          ).digest('hex');
        } finally {
          await closeQuietly(file.handle);
        }
      if (found !== options.expected) throw changedError(context);
    }
    await writeFileAtomically(dir, split.name, {
      data: options.bytes,
      how: 'replace',
      permissions: options.mode,
      signal: options.signal,
      context,
      onCommit: () => undefined,
    });
  } finally {
    await dir.close();
  }
}

/**
 * Removes the regular file at `path` if it still holds `sha256` (checked through the open
 * descriptor right before the unlink); a missing file is already removed.
 * @throws VERSION_CONFLICT when it holds something else now; NOT_PERMITTED for a link or hard link.
 */
export async function removeFile(
  root: WorkspaceRoot,
  path: string,
  options: { readonly sha256: string; readonly signal: AbortSignal },
): Promise<void> {
  const context = { attempted: 'Removing a file', path };
  const split = splitPath(path);
  if (split === null) throw containmentError(context.attempted);
  let dir: ContainedDir;
  try {
    dir = await openContainedDir(root, split.parent, context);
  } catch (cause) {
    if (isLibosError(cause, 'NOT_FOUND')) return;
    throw cause;
  }
  try {
    const file = await openContainedFile(dir, split.name, { flags: constants.O_RDONLY, context });
    if (file === null) return;
    try {
      const hash = await hashFile(file.handle, {
        signal: options.signal,
        attempted: context.attempted,
      });
      if (hash.digest('hex') !== options.sha256) throw changedError(context);
      throwIfAborted(options.signal, context.attempted);
      dir.verify();
      await fsp.unlink(dir.at(split.name));
      // The descriptor's file must have no name left, else the name was swapped meanwhile.
      if ((await file.handle.stat()).nlink !== 0) throw containmentError(context.attempted);
      await dir.handle.sync();
    } catch (cause) {
      throw toFsError(cause, context);
    } finally {
      await closeQuietly(file.handle);
    }
  } finally {
    await dir.close();
  }
}

function changedError(context: FsErrorContext): LibosError {
  return new LibosError(
    'VERSION_CONFLICT',
    `${context.attempted} failed: it changed since it was checked: ${context.path}`,
    { details: { path: context.path } },
  );
}
