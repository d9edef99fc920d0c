// A checkpoint's workspace files: what its subtree changed since, put back, shown, released.
import { collectPages } from '../../base/collect-pages.js';
import { LibosError } from '../../base/errors.js';
import type { Checkpoint } from '../../kernel/checkpoint/types.js';
import type { Store, StoreReader } from '../../ports/store.js';
import type { WorkspaceRoot } from '../../syscalls/fs/workspace-root.js';
import { loadDescendants } from '../commands/lineage.js';
import { diffFiles, type FileDiff } from '../workspace/diff-files.js';
import { planFileRollback, type FileRollbackPlan } from '../workspace/plan-file-rollback.js';
import { checkRollback } from '../workspace/rollback-files.js';

const PRUNE_PAGE = 1000;

/**
 * The net change of every file the checkpoint's subtree changed since it was taken: the subtree
 * as it is now (children spawned since included), from the checkpoint's file-change mark.
 */
export async function planCheckpointFiles(
  reader: StoreReader,
  checkpoint: Checkpoint,
): Promise<FileRollbackPlan> {
  const descendants = await loadDescendants(reader, checkpoint.rootPid);
  return planFileRollback(reader, {
    pids: [checkpoint.rootPid, ...descendants.map((p) => p.pid)],
    afterSeq: checkpoint.fileChangeSeq,
  });
}

/**
 * Refuses a file rollback that would meet files someone else changed after the subtree (or
 * paths it must skip: links, directories, pre-images too large to keep), unless `force` (skips are
 * left alone even then). Reads the disk only: nothing has changed when it throws.
 * @throws ILLEGAL_TRANSITION listing the paths (not retryable: a person must decide)
 */
export async function refuseFileConflicts(
  workspace: WorkspaceRoot,
  plan: FileRollbackPlan,
  options: { readonly force: boolean; readonly signal: AbortSignal; readonly attempted: string },
): Promise<void> {
  if (options.force) return;
  const { conflicts, skipped } = await checkRollback(workspace, plan, options);
  if (conflicts.length === 0 && skipped.length === 0) return;
  const listed = [
    ...conflicts.map((c) => `${c.path} (changed by someone else since)`),
    ...skipped.map((s) => `${s.path} (${s.reason})`),
  ];
  throw new LibosError(
    'ILLEGAL_TRANSITION',
    `${options.attempted} failed: nothing was restored, these files cannot be put back: ${listed.join(', ')}; restore them with --force, or without --files`,
    { details: { conflicts: conflicts.length, skipped: skipped.length } },
  );
}

/** Unified diffs of the files the checkpoint's subtree changed since, checkpoint vs disk now. */
export async function checkpointFileDiffs(
  store: Store,
  workspace: WorkspaceRoot,
  checkpoint: Checkpoint,
  signal: AbortSignal,
): Promise<FileDiff[]> {
  const plan = await store.read((r) => planCheckpointFiles(r, checkpoint));
  return diffFiles(workspace, plan, {
    getBlob: (sha256) => store.read((r) => r.getBlob(sha256)),
    signal,
  });
}

/**
 * Releases the file changes (and their pre-image blobs, unless something else holds them) that
 * no checkpoint can need any more: every change up to the oldest remaining checkpoint's mark, or
 * every change when none remains (a checkpoint taken later needs only changes after it).
 * Returns how many changes were released.
 */
export async function releaseFileChanges(store: Store): Promise<number> {
  const through = await store.read(async (r) => {
    const marks = (await allCheckpoints(r)).map((c) => c.fileChangeSeq);
    return marks.length === 0 ? await r.fileChangeHighWater() : Math.min(...marks);
  });
  let released = 0;
  for (;;) {
    const { rows } = await store.transact((tx) =>
      tx.pruneFileChanges({ throughSeq: through, limit: PRUNE_PAGE }),
    );
    released += rows;
    if (rows === 0) return released;
  }
}

/** Every checkpoint, by id. */
export function allCheckpoints(reader: StoreReader): Promise<Checkpoint[]> {
  return collectPages(
    (afterId: Checkpoint['id'] | undefined, limit) =>
      reader.listCheckpoints({ limit, ...(afterId === undefined ? {} : { afterId }) }),
    (c) => c.id,
    { pageSize: PRUNE_PAGE },
  );
}
