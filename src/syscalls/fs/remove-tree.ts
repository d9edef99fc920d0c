// Recursive deletion of a contained directory: every level opened without following, links unlinked as names, never entered.
import { promises as fsp } from 'node:fs';
import { throwIfAborted } from '../../base/abort.js';
import type { ContainedDir } from './contained-dir.js';
import { openChildDir } from './contained.js';
import { descriptorPath } from './descriptor.js';
import { containmentError, errnoOf, pathError, toFsError } from './fs-error.js';
import type { FsErrorContext } from './fs-error.js';

/** Most entries one recursive delete removes. */
export const MAX_TREE_ENTRIES = 100_000;

/** Deepest directory nesting one recursive delete descends into. */
export const MAX_TREE_DEPTH = 256;

/** How many removed paths a progress report names (the count is always exact). */
export const MAX_REPORTED_PATHS = 100;

/** What a recursive delete has removed so far (workspace-relative paths, no contents). */
export interface RemovalProgress {
  readonly [key: string]: number | boolean | readonly string[];
  readonly removed: number;
  /** The first removed paths, in removal order; `truncated` when there were more. */
  readonly paths: readonly string[];
  readonly truncated: boolean;
}

interface Walk {
  readonly signal: AbortSignal;
  readonly context: FsErrorContext;
  /** `scan` only inspects; `remove` unlinks. */
  readonly phase: 'scan' | 'remove';
  /** Whether the deleted path is itself inside `.git` (so its grant named `.git` explicitly). */
  readonly insideGit: boolean;
  count: number;
  /** Names removed so far (the remove pass), reported before each removal is made. */
  readonly removed: string[];
  removedCount: number;
  readonly onRemoved: (progress: RemovalProgress) => void;
  readonly keepFile: KeepFile | undefined;
}

/**
 * Called for each regular file of the removing pass before it is unlinked (to keep its
 * pre-image); the function it returns is called once the file is gone.
 */
export type KeepFile = (dir: ContainedDir, name: string) => Promise<() => void>;

/** Whether a path has a `.git` segment (any case, as git itself treats it). */
export function hasGitSegment(path: string): boolean {
  return path.split('/').some((segment) => segment.toLowerCase() === '.git');
}

/**
 * Deletes the directory `name` in `parent` with everything under it and returns how many names
 * were removed (the directory included). A first pass only inspects, so a tree that holds a
 * hard-linked file, or is too large or too deep, is refused before anything is deleted. The
 * second pass deletes bottom-up: each subdirectory is opened through its parent's descriptor
 * with no-follow and verified; symbolic links and other non-directories are unlinked as names
 * through the verified parent, so nothing a link points to is ever touched.
 * A tree holding a `.git` entry is refused unless the deleted path is itself inside `.git`.
 * @throws NOT_PERMITTED (a hard-linked file, `.git` internals, a misplaced descriptor), OUT_OF_RANGE (too many
 *   entries or too deep), CANCELLED (before the deleting pass, or between entries during it).
 */
export async function removeTree(
  parent: ContainedDir,
  name: string,
  options: {
    readonly signal: AbortSignal;
    readonly context: FsErrorContext;
    readonly path: string;
    /**
     * Called before each removal of the second pass (the effect is beginning) and after it with
     * everything removed so far: from the first call on, the tree may be partly gone.
     */
    readonly onRemoved: (progress: RemovalProgress) => void;
    /** Keeps each regular file's pre-image before it is unlinked (see KeepFile). */
    readonly keepFile?: KeepFile;
  },
): Promise<number> {
  const removed: string[] = [];
  const progress = {
    removed,
    removedCount: 0,
    onRemoved: options.onRemoved,
    keepFile: options.keepFile,
  };
  for (const phase of ['scan', 'remove'] as const) {
    throwIfAborted(options.signal, options.context.attempted);
    const walk: Walk = {
      signal: options.signal,
      context: options.context,
      phase,
      insideGit: hasGitSegment(options.path),
      count: 0,
      ...progress,
    };
    const top = await openChildDir(parent, name, options.context);
    try {
      await visit(top, { walk, depth: 1 });
      top.verify();
    } finally {
      await top.close();
    }
    if (phase === 'remove') {
      parent.verify();
      report(walk, null);
      await fsp.rmdir(parent.at(name)).catch((cause: unknown) => {
        throw toFsError(cause, options.context);
      });
      report(walk, options.path);
      return walk.count + 1;
    }
  }
  return 0;
}

async function visit(
  dir: ContainedDir,
  at: { readonly walk: Walk; readonly depth: number },
): Promise<void> {
  const { walk, depth } = at;
  const { context } = walk;
  if (depth > MAX_TREE_DEPTH) {
    throw pathError('OUT_OF_RANGE', `the tree is deeper than ${MAX_TREE_DEPTH} levels`, context);
  }
  const names = await fsp.readdir(descriptorPath(dir.handle)).catch((cause: unknown) => {
    throw toFsError(cause, context);
  });
  for (const name of names) {
    throwIfAborted(walk.signal, context.attempted);
    walk.count += 1;
    if (walk.count > MAX_TREE_ENTRIES) {
      throw pathError(
        'OUT_OF_RANGE',
        `the tree has more than ${MAX_TREE_ENTRIES} entries`,
        context,
      );
    }
    let stats;
    try {
      stats = await fsp.lstat(dir.at(name));
    } catch (cause) {
      if (errnoOf(cause) === 'ENOENT') continue;
      throw toFsError(cause, context);
    }
    if (stats.isFile() && stats.nlink !== 1) throw containmentError(context.attempted);
    // `.git` internals need an explicit grant: a grant on a directory does not reach its `.git`.
    if (!walk.insideGit && name.toLowerCase() === '.git') {
      throw pathError(
        'NOT_PERMITTED',
        'holds .git internals, which need an explicit grant; delete them separately',
        context,
      );
    }
    if (stats.isDirectory()) {
      const child = await openChildDir(dir, name, context);
      try {
        await visit(child, { walk, depth: depth + 1 });
        child.verify();
      } finally {
        await child.close();
      }
      if (walk.phase === 'remove') {
        report(walk, null);
        await removeName(dir, name, { rmdir: true, context });
        report(walk, dir.child(name));
      }
    } else if (walk.phase === 'remove') {
      const kept = stats.isFile() ? await walk.keepFile?.(dir, name) : undefined;
      report(walk, null);
      await removeName(dir, name, { rmdir: false, context });
      kept?.();
      report(walk, dir.child(name));
    }
  }
}

async function removeName(
  dir: ContainedDir,
  name: string,
  options: { readonly rmdir: boolean; readonly context: FsErrorContext },
): Promise<void> {
  try {
    await (options.rmdir ? fsp.rmdir(dir.at(name)) : fsp.unlink(dir.at(name)));
  } catch (cause) {
    if (errnoOf(cause) !== 'ENOENT') throw toFsError(cause, options.context);
  }
}

// Reports progress: before a removal (`null`: the effect is beginning) and after one (its path).
function report(walk: Walk, path: string | null): void {
  if (path !== null) {
    walk.removedCount += 1;
    if (walk.removed.length < MAX_REPORTED_PATHS) walk.removed.push(path);
  }
  walk.onRemoved({
    removed: walk.removedCount,
    paths: [...walk.removed],
    truncated: walk.removedCount > walk.removed.length,
  });
}
