// At-use containment for directories: walk from the kept-open workspace root one name at a time, never following a link, verifying every descriptor opened.
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { LibosError } from '../../base/errors.js';
import { containedDir, DIR_FLAGS, type ContainedDir } from './contained-dir.js';
import { closeQuietly } from './descriptor.js';
import { containmentError, errnoOf, notFoundError, pathError, toFsError } from './fs-error.js';
import type { FsErrorContext } from './fs-error.js';
import type { WorkspaceRoot } from './workspace-root.js';

/**
 * Opens the workspace directory `path` (workspace-relative, normalised) by walking from the
 * kept-open workspace root (see `WorkspaceRoot`) one component at a time with `O_DIRECTORY | O_NOFOLLOW`, each relative to
 * the descriptor of its verified parent, so no symbolic link is followed anywhere on the way.
 * With `create`, a missing component is made (through its verified parent) instead.
 * @throws NOT_PERMITTED when a component is a symbolic link or a descriptor is out of place;
 *   NOT_FOUND when a component is missing; INVALID_INPUT when one is not a directory.
 */
export async function openContainedDir(
  root: WorkspaceRoot,
  path: string,
  context: FsErrorContext,
  options: { readonly create?: boolean } = {},
): Promise<ContainedDir> {
  let dir = await root.open(context);
  if (path === '.') return dir;
  try {
    for (const name of path.split('/')) {
      // Created through its verified parent: mkdir never follows a final link (it fails with
      // EEXIST on one, and the open then refuses it).
      if (options.create === true)
        await fsp.mkdir(dir.at(name), 0o777).catch((cause: unknown) => {
          if (errnoOf(cause) !== 'EEXIST') throw toFsError(cause, context);
        });
      const next = await openChildDir(dir, name, context);
      await dir.close();
      dir = next;
    }
    return dir;
  } catch (cause) {
    await dir.close();
    throw cause;
  }
}

/**
 * Opens the subdirectory `name` of `parent` without following a link and verifies it.
 * @throws as `openContainedDir`.
 */
export async function openChildDir(
  parent: ContainedDir,
  name: string,
  context: FsErrorContext,
): Promise<ContainedDir> {
  let handle: FileHandle;
  try {
    handle = await fsp.open(parent.at(name), DIR_FLAGS);
  } catch (cause) {
    throw await classifyDirOpenError(parent, name, { cause, context });
  }
  const dir = containedDir(handle, parent.child(name), {
    realRoot: parent.realRoot,
    attempted: context.attempted,
  });
  try {
    dir.verify();
    return dir;
  } catch (cause) {
    await closeQuietly(handle);
    throw cause;
  }
}

// O_DIRECTORY|O_NOFOLLOW on a symbolic link fails with ENOTDIR on Linux (ELOOP elsewhere); a
// no-follow lstat tells a link (refused) from a plain file (a caller mistake). Anything unclear
// is refused as a containment failure.
async function classifyDirOpenError(
  parent: ContainedDir,
  name: string,
  failure: { readonly cause: unknown; readonly context: FsErrorContext },
): Promise<LibosError> {
  const { cause, context } = failure;
  const code = errnoOf(cause);
  if (code === 'ENOENT') return notFoundError(context);
  if (code !== 'ENOTDIR' && code !== 'ELOOP') return toFsError(cause, context);
  try {
    const stats = await fsp.lstat(parent.at(name));
    // A directory here means the name changed between the open and the lstat: fail closed.
    if (stats.isSymbolicLink() || stats.isDirectory()) return containmentError(context.attempted);
    return pathError('INVALID_INPUT', 'not a directory', context);
  } catch {
    return containmentError(context.attempted);
  }
}
