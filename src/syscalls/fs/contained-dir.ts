// A verified directory descriptor inside the workspace: what the at-use containment code walks with.
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { closeQuietly, descriptorPath, joinReal, verifyDescriptor } from './descriptor.js';

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
  /** Gives the directory up: closes its descriptor, or returns a borrowed root (idempotent). */
  close(): Promise<void>;
}

/**
 * Wraps `handle`, open on the workspace directory `path`, as a ContainedDir. It is not verified
 * here: callers verify it before trusting it. `release` replaces closing the descriptor, for a
 * descriptor the directory only borrows (the kept-open workspace root).
 */
export function containedDir(
  handle: FileHandle,
  path: string,
  options: {
    readonly realRoot: string;
    readonly attempted: string;
    readonly release?: () => Promise<void>;
  },
): ContainedDir {
  const expected = joinReal(options.realRoot, path);
  const release = options.release ?? (() => closeQuietly(handle));
  let isClosed = false;
  return {
    handle,
    path,
    realRoot: options.realRoot,
    expected,
    at: (name) => descriptorPath(handle, name),
    child: (name) => (path === '.' ? name : `${path}/${name}`),
    verify: () => {
      verifyDescriptor(handle, expected, { attempted: options.attempted });
    },
    close: async () => {
      if (isClosed) return;
      isClosed = true;
      await release();
    },
  };
}
