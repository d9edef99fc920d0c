// At-use containment for directories: walk from the real workspace root one name at a time, never following a link, verifying every descriptor opened.
import { constants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { LibosError } from '../../base/errors.js';
import { closeQuietly, descriptorPath, joinReal, verifyDescriptor } from './descriptor.js';
import { containmentError, errnoOf, notFoundError, pathError, toFsError } from './fs-error.js';
import type { FsErrorContext } from './fs-error.js';

/** Flags for opening a directory: no following of a final symbolic link, ENOTDIR otherwise. */
export const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** A directory inside the workspace held open by a descriptor whose location was verified. */
export interface ContainedDir {
  readonly handle: FileHandle;
  /** Workspace-relative path (`.` for the root). */
  readonly path: string;
  /** Real path of the workspace root (never shown to the model). */
  readonly realRoot: string;
  /** The host path this directory must have: `<realRoot>/<path>`. */
  readonly expected: string;
  /** A path naming `name` inside this very directory (see `descriptorPath`). */
  at(name: string): string;
  /** The workspace-relative path of `name` inside this directory. */
  child(name: string): string;
  /** Checks again that the directory is still where it was opened (nothing moved it). */
  verify(): void;
  close(): Promise<void>;
}

/**
 * Opens the workspace directory `path` (workspace-relative, normalised) by walking from the
 * real workspace root one component at a time with `O_DIRECTORY | O_NOFOLLOW`, each relative to
 * the descriptor of its verified parent, so no symbolic link is followed anywhere on the way.
 * @throws NOT_PERMITTED when a component is a symbolic link or a descriptor is out of place;
 *   NOT_FOUND when a component is missing; INVALID_INPUT when one is not a directory.
 */
export async function openContainedDir(
  workspace: string,
  path: string,
  context: FsErrorContext,
): Promise<ContainedDir> {
  let dir = await openWorkspaceRoot(workspace, context);
  if (path === '.') return dir;
  try {
    for (const name of path.split('/')) {
      const next = await openChildDir(dir, name, context);
      await closeQuietly(dir.handle);
      dir = next;
    }
    return dir;
  } catch (cause) {
    await closeQuietly(dir.handle);
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

/**
 * Opens the real workspace root. The root is resolved with realpath once per call: it is the
 * operator's directory, not something a process can replace.
 */
async function openWorkspaceRoot(
  workspace: string,
  context: FsErrorContext,
): Promise<ContainedDir> {
  let realRoot: string;
  let handle: FileHandle;
  try {
    realRoot = await fsp.realpath(workspace);
    handle = await fsp.open(realRoot, DIR_FLAGS);
  } catch (cause) {
    throw new LibosError('INTERNAL', `${context.attempted} failed: the workspace is unavailable`, {
      cause,
    });
  }
  const dir = containedDir(handle, '.', { realRoot, attempted: context.attempted });
  try {
    dir.verify();
    return dir;
  } catch (cause) {
    await closeQuietly(handle);
    throw cause;
  }
}

function containedDir(
  handle: FileHandle,
  path: string,
  options: { readonly realRoot: string; readonly attempted: string },
): ContainedDir {
  const expected = joinReal(options.realRoot, path);
  return {
    handle,
    path,
    realRoot: options.realRoot,
    expected,
    at: (name) => descriptorPath(handle, name),
    child: (name) => (path === '.' ? name : `${path}/${name}`),
    verify: () => verifyDescriptor(handle, expected, { attempted: options.attempted }),
    close: () => closeQuietly(handle),
  };
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
