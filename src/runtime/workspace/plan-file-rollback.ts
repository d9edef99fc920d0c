// Planning a workspace rollback: the net change of every file a set of processes changed since a mark.
import type { Pid } from '../../base/ids.js';
import type { FileChange, FileChangeReader } from '../../ports/file-change-store.js';

/** What a path held at some moment: a regular file (hash and mode) or nothing (`sha256` null). */
export interface FileState {
  /** SHA-256 of the regular file; null when the path held none. */
  readonly sha256: string | null;
  /** Its permission bits; null when there was none. */
  readonly mode: number | null;
}

/** The net change of one path since the mark. */
export interface FileRollbackEntry {
  /** Workspace-relative path. */
  readonly path: string;
  /** What the path held at the mark: the `before` of its earliest change after it. */
  readonly before: FileState & {
    /** Whether the before file's bytes are kept (a rollback can put them back). */
    readonly kept: boolean;
  };
  /** What the processes left: the `after` of the latest change (null: removed). */
  readonly afterSha256: string | null;
  /** How many changes after the mark touched the path. */
  readonly changes: number;
  /** Seq of the latest of them. */
  readonly lastSeq: number;
  /**
   * Someone else changed the file between two of the processes' changes: a change found it
   * holding neither what the previous change left nor what it held at the mark (a rollback).
   */
  readonly interleaved: boolean;
}

/** Every path the processes changed after `afterSeq`, by path. */
export interface FileRollbackPlan {
  readonly pids: readonly Pid[];
  readonly afterSeq: number;
  /** The greatest seq the plan read (equal to `afterSeq` when nothing changed). */
  readonly throughSeq: number;
  /** Sorted by path. */
  readonly entries: readonly FileRollbackEntry[];
}

/** How many changes one page reads. */
const PAGE = 500;

/**
 * Reads the file changes of `pids` after `afterSeq` in keyset pages and folds them per path into
 * the earliest `before` (what the file was at the mark) and the latest `after` (what the processes
 * left). A path whose net change is nothing (written back to what it was) is still listed: a
 * rollback then finds nothing to do there, unless someone changed it since.
 * @example
 * const mark = await store.read((r) => r.fileChangeHighWater());
 * // … the subtree works …
 * const plan = await store.read((r) => planFileRollback(r, { pids, afterSeq: mark }));
 */
export async function planFileRollback(
  reader: FileChangeReader,
  options: { readonly pids: readonly Pid[]; readonly afterSeq: number; readonly pageSize?: number },
): Promise<FileRollbackPlan> {
  const byPath = new Map<string, FileRollbackEntry>();
  let after = options.afterSeq;
  for (;;) {
    const page = await reader.listFileChanges({
      pids: options.pids,
      afterSeq: after,
      limit: options.pageSize ?? PAGE,
    });
    for (const change of page) byPath.set(change.path, fold(byPath.get(change.path), change));
    const last = page.at(-1);
    if (last === undefined) break;
    after = last.seq;
  }
  const entries = [...byPath.values()].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  return { pids: options.pids, afterSeq: options.afterSeq, throughSeq: after, entries };
}

// Changes arrive in seq order: the first one fixes `before`, each later one moves `after`.
function fold(entry: FileRollbackEntry | undefined, change: FileChange): FileRollbackEntry {
  if (entry === undefined) {
    return {
      path: change.path,
      before: {
        sha256: change.beforeSha256,
        mode: change.beforeMode,
        kept: change.beforeSha256 === null || change.preImageKept,
      },
      afterSha256: change.afterSha256,
      changes: 1,
      lastSeq: change.seq,
      interleaved: false,
    };
  }
  const found = change.beforeSha256;
  return {
    ...entry,
    afterSha256: change.afterSha256,
    changes: entry.changes + 1,
    lastSeq: change.seq,
    interleaved:
      entry.interleaved || (found !== entry.afterSha256 && found !== entry.before.sha256),
  };
}
