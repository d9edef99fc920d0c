// Reading a workspace file for object.fromFile through the fs syscalls' containment code.
import { constants } from 'node:fs';
import type { SyscallRunContext } from '../define-syscall.js';
import { authorisedPath } from '../fs/authorised-path.js';
import { openContainedDir } from '../fs/contained.js';
import { openContainedFile } from '../fs/contained-file.js';
import { closeQuietly } from '../fs/descriptor.js';
import { readBounded } from '../fs/file-bytes.js';
import { notFoundError, pathError } from '../fs/fs-error.js';
import { splitPath } from '../fs/resolve-path.js';

/**
 * The bytes of the file the pipeline authorised as `ctx.resources[index]` (`read`), opened as
 * fs.read opens files: verified no-follow descriptors from the workspace root, one hard link,
 * a regular file, at most `maxBytes`.
 * @throws NOT_FOUND, NOT_PERMITTED (link, hard link, outside), INVALID_INPUT (a directory),
 *   OUT_OF_RANGE (larger than `maxBytes`)
 */
export async function readWorkspaceFile(
  ctx: SyscallRunContext,
  requested: string,
  options: { index: number; maxBytes: number; attempted: string },
): Promise<{ path: string; bytes: Buffer }> {
  const path = authorisedPath(ctx, requested, { ...options, right: 'read' });
  const context = { attempted: options.attempted, path };
  const split = splitPath(path);
  if (split === null) throw pathError('INVALID_INPUT', 'is a directory', context);
  const dir = await openContainedDir(ctx.workspace, split.parent, context);
  try {
    const file = await openContainedFile(dir, split.name, { flags: constants.O_RDONLY, context });
    if (file === null) throw notFoundError(context);
    try {
      const bytes = await readBounded(file.handle, {
        size: file.stats.size,
        maxBytes: options.maxBytes,
        signal: ctx.signal,
        context,
      });
      return { path, bytes };
    } finally {
      await closeQuietly(file.handle);
    }
  } finally {
    await dir.close();
  }
}
