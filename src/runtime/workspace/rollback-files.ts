// Rolling the workspace back to a plan's mark: check every path first, then change all of them or none.
import { throwIfAborted } from '../../base/abort.js';
import { toLibosError, type ErrorCode } from '../../base/errors.js';
import type { WorkspaceRoot } from '../../syscalls/fs/workspace-root.js';
import type { FileRollbackEntry, FileRollbackPlan } from './plan-file-rollback.js';
import { readFileState, type DiskState, type RefusedKind } from './read-file-state.js';
import { removeFile, restoreFile } from './restore-file.js';

/** A path someone else changed after the processes did: it holds neither their result nor the mark's. */
export interface FileConflict {
  readonly path: string;
  /** What the processes left there (null: they removed it). */
  readonly expectedSha256: string | null;
  /** What it holds now (null: nothing). */
  readonly foundSha256: string | null;
  /** True when `force` rolled it back anyway. */
  readonly overridden: boolean;
}

/** A path the rollback left alone, and why. */
export interface FileSkip {
  readonly path: string;
  /**
   * `link`, `hard-link`, `directory`, `not-a-file`: what is there now cannot be read or replaced
   * without following or destroying it; `pre-image-not-kept`: the file at the mark was larger than
   * the pre-image cap; `failed`: applying it failed (`code`).
   */
  readonly reason: RefusedKind | 'pre-image-not-kept' | 'failed';
  readonly code?: ErrorCode;
}

/** What a rollback did (or, when `applied` is false, would have to overcome). */
export interface FileRollbackResult {
  /** False when it changed nothing because of conflicts or skips and `force` was not given. */
  readonly applied: boolean;
  /** Paths written back to the mark's bytes and mode. */
  readonly restored: readonly string[];
  /** Paths removed (they held no file at the mark). */
  readonly deleted: readonly string[];
  /** Paths that already hold what they held at the mark. */
  readonly unchanged: readonly string[];
  readonly conflicts: readonly FileConflict[];
  readonly skipped: readonly FileSkip[];
}

/** How to roll back. */
export interface RollbackOptions {
  /** Roll back conflicting paths too (paths in `skipped` are still left alone). */
  readonly force: boolean;
  /** The bytes of a pre-image blob (`StoreReader.getBlob` in a read). */
  readonly getBlob: (sha256: string) => Promise<Uint8Array | undefined>;
  readonly signal: AbortSignal;
}

type Action =
  | { readonly kind: 'unchanged'; readonly entry: FileRollbackEntry }
  | {
      readonly kind: 'restore' | 'delete';
      readonly entry: FileRollbackEntry;
      readonly found: string | null;
    };

/**
 * Rolls the files of `plan` back to what they held at its mark. First every path is checked
 * against the disk: one already as at the mark is `unchanged`; one holding what the processes left
 * is rolled back; one holding anything else was changed by someone else since (a **conflict**);
 * one holding a link, a hard-linked file, a directory or a device, or whose pre-image was not
 * kept, is skipped. Without `force`, any conflict or skip means nothing at all is changed
 * (`applied: false`, everything listed). With `force`, conflicts are rolled back as well and skips
 * are left alone. Removals go first (deepest first), then restores (parents recreated as
 * needed); a path that fails while applying is listed as `failed` and the others go on (the
 * disk has no transaction), each rolled back atomically (temp file and rename, or one unlink).
 * Every disk access goes through the fs containment code: no link is ever followed.
 * @throws CANCELLED when `signal` fires between paths.
 */
export async function rollbackFiles(
  root: WorkspaceRoot,
  plan: FileRollbackPlan,
  options: RollbackOptions,
): Promise<FileRollbackResult> {
  const { actions, conflicts, skipped } = await check(root, plan, options);
  const unchanged = actions.flatMap((a) => (a.kind === 'unchanged' ? [a.entry.path] : []));
  if (!options.force && (conflicts.length > 0 || skipped.length > 0)) {
    return { applied: false, restored: [], deleted: [], unchanged, conflicts, skipped };
  }
  const done = await apply(root, actions, options);
  return { applied: true, ...done, unchanged, conflicts, skipped: [...skipped, ...done.failed] };
}

/**
 * What `rollbackFiles` would find, changing nothing: the conflicts (marked `overridden` when
 * `force` would roll them back) and the paths it would skip. Run before a checkpoint restore so
 * that a refusal leaves both the runtime state and the files as they were.
 */
export async function checkRollback(
  root: WorkspaceRoot,
  plan: FileRollbackPlan,
  options: Pick<RollbackOptions, 'force' | 'signal'>,
): Promise<Pick<FileRollbackResult, 'conflicts' | 'skipped'>> {
  const { conflicts, skipped } = await check(root, plan, options);
  return { conflicts, skipped };
}

async function check(
  root: WorkspaceRoot,
  plan: FileRollbackPlan,
  options: Pick<RollbackOptions, 'force' | 'signal'>,
): Promise<{ actions: Action[]; conflicts: FileConflict[]; skipped: FileSkip[] }> {
  const actions: Action[] = [];
  const conflicts: FileConflict[] = [];
  const skipped: FileSkip[] = [];
  for (const entry of plan.entries) {
    throwIfAborted(options.signal, 'Rolling back files');
    const disk = await readFileState(root, entry.path, { signal: options.signal });
    const decided = decide(entry, disk);
    if (decided.kind === 'skip') {
      skipped.push({ path: entry.path, reason: decided.reason });
      continue;
    }
    if (decided.kind === 'conflict')
      conflicts.push({ ...decided.conflict, overridden: options.force });
    if (decided.kind !== 'conflict' || options.force) actions.push(decided.action);
  }
  return { actions, conflicts, skipped };
}

type Decided =
  | { readonly kind: 'skip'; readonly reason: FileSkip['reason'] }
  | { readonly kind: 'ok'; readonly action: Action }
  | {
      readonly kind: 'conflict';
      readonly action: Action;
      readonly conflict: Omit<FileConflict, 'overridden'>;
    };

// What to do with one path, given what the disk holds now.
function decide(entry: FileRollbackEntry, disk: DiskState): Decided {
  if (disk.kind === 'refused') return { kind: 'skip', reason: disk.reason };
  const found = disk.kind === 'file' ? disk.sha256 : null;
  const { before } = entry;
  // Contents decide (no syscall changes a mode alone); the mode comes back with restored bytes.
  if (found === before.sha256) return { kind: 'ok', action: { kind: 'unchanged', entry } };
  if (!before.kept) return { kind: 'skip', reason: 'pre-image-not-kept' };
  const action: Action = { kind: before.sha256 === null ? 'delete' : 'restore', entry, found };
  // A human edit between two of the processes' changes would be lost without a word.
  if (found === entry.afterSha256 && !entry.interleaved) return { kind: 'ok', action };
  return {
    kind: 'conflict',
    action,
    conflict: { path: entry.path, expectedSha256: entry.afterSha256, foundSha256: found },
  };
}

async function apply(
  root: WorkspaceRoot,
  actions: readonly Action[],
  options: RollbackOptions,
): Promise<{ restored: string[]; deleted: string[]; failed: FileSkip[] }> {
  const restored: string[] = [];
  const deleted: string[] = [];
  const failed: FileSkip[] = [];
  // Removals first, deepest first: a file the processes created may stand where a directory of
  // the mark must come back.
  const removals = actions.filter((a) => a.kind === 'delete').reverse();
  const restores = actions.filter((a) => a.kind === 'restore');
  for (const action of [...removals, ...restores]) {
    throwIfAborted(options.signal, 'Rolling back files');
    const { path, before } = action.entry;
    try {
      if (action.kind === 'delete') {
        if (action.found !== null)
          await removeFile(root, path, { sha256: action.found, signal: options.signal });
        deleted.push(path);
      } else if (action.kind === 'restore' && before.sha256 !== null) {
        const bytes = await options.getBlob(before.sha256);
        if (bytes === undefined) {
          failed.push({ path, reason: 'failed', code: 'STORE_CORRUPT' });
          continue;
        }
        await restoreFile(root, path, {
          bytes,
          mode: before.mode,
          signal: options.signal,
          expected: action.found,
        });
        restored.push(path);
      }
    } catch (cause) {
      const error = toLibosError(cause, 'Rolling back files');
      if (error.code === 'CANCELLED' || error.code === 'DEADLINE_EXCEEDED') throw error;
      failed.push({ path, reason: 'failed', code: error.code });
    }
  }
  return { restored, deleted, failed };
}
