// The workspace root a runtime keeps open: resolved, opened and verified once, then lent to every fs call.
import { promises as fsp, readlinkSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { LibosError } from '../../base/errors.js';
import { containedDir, DIR_FLAGS, type ContainedDir } from './contained-dir.js';
import { closeQuietly, descriptorPath, verifyDescriptor } from './descriptor.js';

/** What a failure of the root may say: the attempt only (never the host path). */
interface RootContext {
  readonly attempted: string;
}

/**
 * The workspace directory of one runtime, held open by one descriptor for its whole life so that
 * an fs call does not resolve, open, verify and close the root again. Every lend re-checks the
 * descriptor's place; one that moved is given up and the workspace path resolved again, which
 * must lead back to the same real path the first open found.
 */
export interface WorkspaceRoot {
  /** Absolute path the operator named (never shown to the model). */
  readonly path: string;
  /**
   * Lends the verified root directory to one call; the call's `close()` on it gives it back.
   * @throws INTERNAL when the workspace is missing, was moved or replaced (by a link, or by a
   *   directory whose real path differs), when /proc is missing, or after `close`.
   */
  open(context: RootContext): Promise<ContainedDir>;
  /** Closes the descriptor (once no call holds it any more); later `open`s fail. Idempotent. */
  close(): Promise<void>;
}

/** One opened root descriptor and the calls holding it. */
interface Pinned {
  readonly handle: FileHandle;
  readonly realRoot: string;
  borrowers: number;
  /** Given up (moved, or the root closed): lent no more, closed when the last borrower returns it. */
  isRetired: boolean;
}

/**
 * Creates the kept-open root of the workspace at `path`; nothing is opened until the first call.
 * The first successful open fixes the real path: the runtime computed its reserved paths against
 * it, so a workspace path later re-pointed elsewhere (a link swapped in) is refused rather than
 * followed. A descriptor is never closed while a call holds it, so its number cannot be reused
 * under a `/proc/self/fd/<n>/<name>` path still in use.
 * @example
 * const root = createWorkspaceRoot('/srv/project');
 * const dir = await root.open({ attempted: 'Reading a file' });
 * try { ... dir.at('README.md') ... } finally { await dir.close(); }
 * await root.close();
 */
export function createWorkspaceRoot(path: string): WorkspaceRoot {
  let pinning: Promise<Pinned> | null = null;
  let fixedRealRoot: string | null = null;
  let isClosed = false;

  const retire = async (pinned: Pinned): Promise<void> => {
    pinned.isRetired = true;
    if (pinned.borrowers === 0) await closeQuietly(pinned.handle);
  };
  // A function, not an inline test: `close` may run during any await of `open`.
  const refuseIfClosed = (context: RootContext): void => {
    if (isClosed) throw closedError(context);
  };
  const giveBack = async (pinned: Pinned): Promise<void> => {
    pinned.borrowers -= 1;
    if (pinned.isRetired && pinned.borrowers === 0) await closeQuietly(pinned.handle);
  };

  const pin = async (context: RootContext): Promise<Pinned> => {
    let realRoot: string;
    let handle: FileHandle;
    try {
      realRoot = await fsp.realpath(path);
      if (fixedRealRoot !== null && realRoot !== fixedRealRoot) throw movedError(context);
      handle = await fsp.open(realRoot, DIR_FLAGS);
    } catch (cause) {
      if (cause instanceof LibosError) throw cause;
      throw unavailableError(context, cause);
    }
    try {
      verifyDescriptor(handle, realRoot, context);
    } catch (cause) {
      await closeQuietly(handle);
      throw cause;
    }
    fixedRealRoot = realRoot;
    return { handle, realRoot, borrowers: 0, isRetired: false };
  };

  return {
    path,
    async open(context) {
      // Two rounds at most: the kept descriptor, then (when it moved) a freshly resolved one.
      for (let round = 0; round < 2; round += 1) {
        refuseIfClosed(context);
        const entry = pinning ?? (pinning = pin(context));
        let pinned: Pinned;
        try {
          pinned = await entry;
        } catch (cause) {
          if (pinning === entry) pinning = null;
          throw cause;
        }
        refuseIfClosed(context);
        if (isInPlace(pinned)) {
          // Counted before any await, so a concurrent retire cannot close it under this call.
          pinned.borrowers += 1;
          return containedDir(pinned.handle, '.', {
            realRoot: pinned.realRoot,
            attempted: context.attempted,
            release: () => giveBack(pinned),
          });
        }
        if (pinning === entry) {
          pinning = null;
          await retire(pinned);
        }
      }
      throw movedError(context);
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      const entry = pinning;
      pinning = null;
      const pinned = await entry?.catch(() => null);
      if (pinned !== null && pinned !== undefined) await retire(pinned);
    },
  };
}

// The per-lend check: still open, and the kernel still names it by the real root. A synchronous
// procfs readlink (see `verifyDescriptor`); any failure here means "resolve the root again".
function isInPlace(pinned: Pinned): boolean {
  if (pinned.isRetired) return false;
  try {
    return readlinkSync(descriptorPath(pinned.handle)) === pinned.realRoot;
  } catch {
    return false;
  }
}

function unavailableError(context: RootContext, cause?: unknown): LibosError {
  return new LibosError('INTERNAL', `${context.attempted} failed: the workspace is unavailable`, {
    cause,
  });
}

function movedError(context: RootContext): LibosError {
  return new LibosError(
    'INTERNAL',
    `${context.attempted} failed: the workspace was moved or replaced since the runtime opened it`,
  );
}

function closedError(context: RootContext): LibosError {
  return new LibosError('INTERNAL', `${context.attempted} failed: the runtime is closed`);
}
