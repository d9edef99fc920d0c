// The operator's checkpoint API: take, list, show, diff, restore, fork and remove checkpoints.
import { LibosError } from '../../base/errors.js';
import { findHiddenCharacter } from '../../base/find-hidden-character.js';
import { parseId, type Pid } from '../../base/ids.js';
import type { ManifestDiff } from '../../kernel/checkpoint/diff-manifests.js';
import type { Checkpoint, CheckpointId } from '../../kernel/checkpoint/types.js';
import { runCommand, type CommandScope } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';
import type { AgentImage } from '../../kernel/agent/types.js';
import { commitImage, parseCommitTarget } from './commit-image.js';
import {
  allCheckpoints,
  checkpointFileDiffs,
  planCheckpointFiles,
  refuseFileConflicts,
  releaseFileChanges,
} from './checkpoint-files.js';
import type { WorkspaceRoot } from '../../syscalls/fs/workspace-root.js';
import type { FileDiff } from '../workspace/diff-files.js';
import { rollbackFiles, type FileRollbackResult } from '../workspace/rollback-files.js';
import { createCheckpoint } from './create-checkpoint.js';
import { diffCheckpoint, loadCheckpoint, viewCheckpoint } from './checkpoint-reads.js';
import { forkCheckpoint } from './fork-checkpoint.js';
import { HOLD_DETAIL, restoreCheckpoint } from './restore-checkpoint.js';
import type { CheckpointView, ForkReport, RestoreReport } from '../../kernel/checkpoint/reports.js';

/** Longest checkpoint name. */
export const MAX_CHECKPOINT_NAME = 200;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** How to restore: the runtime state alone, or the workspace files too. */
export interface RestoreOptions {
  readonly files?: boolean | undefined;
  /** With `files`: put back files someone else changed since too. */
  readonly force?: boolean | undefined;
}

/** A restore's report, with what the file rollback did (null without `files`). */
export type RestoreResult = RestoreReport & { readonly files: FileRollbackResult | null };

/** What a retention run removed and released. */
export interface PruneResult {
  readonly removed: readonly CheckpointId[];
  /** File changes released (their pre-image blobs too, unless something else holds them). */
  readonly released: number;
}

/** What the CLI and the API call on checkpoints. */
export interface CheckpointCalls {
  create(pid: string, options?: { name?: string }): Promise<Checkpoint>;
  list(query?: { rootPid?: string; afterId?: string; limit?: number }): Promise<Checkpoint[]>;
  get(id: string): Promise<CheckpointView>;
  /** From checkpoint `from` to checkpoint `to`, or to the subtree as it is now. */
  diff(from: string, to?: string): Promise<ManifestDiff>;
  /**
   * Restores in place; with `files`, also puts back the workspace files the subtree changed
   * since (refused, with nothing changed, where someone else changed one since, unless `force`).
   */
  restore(id: string, options?: RestoreOptions): Promise<RestoreResult>;
  /** The workspace files the checkpoint's subtree changed since, as unified diffs. */
  fileDiff(id: string): Promise<FileDiff[]>;
  fork(id: string): Promise<ForkReport>;
  /** Deletes a checkpoint (the state it captured stays where it is). */
  remove(id: string): Promise<void>;
  /**
   * Retention: removes every checkpoint taken more than `olderThanMs` ago and releases the
   * pre-images no remaining checkpoint needs.
   */
  prune(options: { olderThanMs: number }): Promise<PruneResult>;
  /** Registers `as` (`id@N`) as a new image version baked from the checkpoint's root. */
  commitImage(id: string, options: { as: string }): Promise<AgentImage>;
}

/** Checkpoints as the operator: no capability checks, every change journaled as the operator. */
export class OperatorCheckpoints implements CheckpointCalls {
  readonly #deps: RuntimeDeps;
  readonly #workspace: WorkspaceRoot;

  constructor(deps: RuntimeDeps, options: { workspace: WorkspaceRoot }) {
    this.#deps = deps;
    this.#workspace = options.workspace;
  }

  /**
   * Captures `pid`'s subtree as a new checkpoint.
   * @throws INVALID_ID, INVALID_INPUT (name), NOT_FOUND
   */
  async create(pid: string, options: { name?: string } = {}): Promise<Checkpoint> {
    const root = parseId('process', pid);
    const name = checkName(options.name);
    return runCommand(this.#deps, { actor: 'operator' }, (scope) =>
      createCheckpoint(scope, this.#deps, { root, name, call: null }),
    );
  }

  /** Checkpoints by id, of one root when asked. */
  async list(
    query: { rootPid?: string; afterId?: string; limit?: number } = {},
  ): Promise<Checkpoint[]> {
    const limit = query.limit ?? DEFAULT_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
      throw new LibosError(
        'OUT_OF_RANGE',
        `Listing checkpoints failed: limit must be 1..${MAX_PAGE}`,
      );
    return this.#deps.store.read((r) =>
      r.listCheckpoints({
        limit,
        ...(query.rootPid === undefined ? {} : { rootPid: parseId('process', query.rootPid) }),
        ...(query.afterId === undefined ? {} : { afterId: parseId('checkpoint', query.afterId) }),
      }),
    );
  }

  /** @throws INVALID_ID, NOT_FOUND */
  async get(id: string): Promise<CheckpointView> {
    return this.#deps.store.read((r) => viewCheckpoint(r, id));
  }

  /** @throws INVALID_ID, NOT_FOUND, INVALID_INPUT (checkpoints of different roots) */
  async diff(from: string, to?: string): Promise<ManifestDiff> {
    return this.#deps.store.read((r) => diffCheckpoint(r, from, to));
  }

  /**
   * With `files`: the files are checked first (a conflict refuses the whole restore, nothing
   * changed), then the runtime state is restored in one command, then the files are put back
   * (the disk has no transaction: a file that fails is listed; a crash in between leaves the
   * state restored and the files as the agent left them, and the same restore run again puts
   * them back, finding the restored ones unchanged).
   * @throws INVALID_ID, NOT_FOUND, ILLEGAL_TRANSITION (a quantum of the subtree runs),
   *   ILLEGAL_TRANSITION (also: files changed by someone else, without `force`)
   */
  async restore(id: string, options: RestoreOptions = {}): Promise<RestoreResult> {
    const attempted = 'Restoring a checkpoint';
    const checkpoint = await this.#deps.store.read((r) => loadCheckpoint(r, id, attempted));
    const signal = new AbortController().signal;
    const force = options.force === true;
    if (options.force === true && options.files !== true)
      throw new LibosError('INVALID_INPUT', `${attempted} failed: force applies to files only`, {
        details: { field: 'force' },
      });
    const plan =
      options.files === true
        ? await this.#deps.store.read((r) => planCheckpointFiles(r, checkpoint))
        : null;
    if (plan !== null)
      await refuseFileConflicts(this.#workspace, plan, { force, signal, attempted });
    const report = await runCommand(this.#deps, { actor: 'operator' }, async (scope) => {
      const current = await loadCheckpoint(scope.tx, id, attempted);
      // A file change recorded since the check would be missed: refuse instead.
      if (
        plan !== null &&
        (await planCheckpointFiles(scope.tx, current)).throughSeq !== plan.throughSeq
      )
        throw new LibosError(
          'ILLEGAL_TRANSITION',
          `${attempted} failed: the subtree changed files while the restore was checked; pause it and try again`,
        );
      // With files, the restored processes wait paused until their files are back.
      return restoreCheckpoint(scope, current, { hold: plan !== null });
    });
    if (plan === null) return { ...report, files: null };
    const files = await rollbackFiles(this.#workspace, plan, {
      force,
      getBlob: (sha256) => this.#deps.store.read((r) => r.getBlob(sha256)),
      signal,
    });
    await runCommand(this.#deps, { actor: 'operator' }, async (scope) => {
      await releaseHold(scope, report.held);
      scope.journal('checkpoint.files-restored', checkpoint.rootPid, {
        checkpoint: checkpoint.id,
        applied: files.applied,
        restored: [...files.restored],
        deleted: [...files.deleted],
        conflicts: files.conflicts.map((c) => c.path),
        skipped: files.skipped.map((s) => s.path),
      });
    });
    return { ...report, files };
  }

  /** @throws INVALID_ID, NOT_FOUND */
  async fileDiff(id: string): Promise<FileDiff[]> {
    const checkpoint = await this.#deps.store.read((r) =>
      loadCheckpoint(r, id, 'Comparing a checkpoint with the workspace'),
    );
    return checkpointFileDiffs(
      this.#deps.store,
      this.#workspace,
      checkpoint,
      new AbortController().signal,
    );
  }

  /** @throws INVALID_ID, NOT_FOUND */
  async fork(id: string): Promise<ForkReport> {
    return runCommand(this.#deps, { actor: 'operator' }, async (scope) =>
      forkCheckpoint(scope, this.#deps, await loadCheckpoint(scope.tx, id, 'Forking a checkpoint')),
    );
  }

  /** @throws INVALID_ID, NOT_FOUND */
  async remove(id: string): Promise<void> {
    await runCommand(this.#deps, { actor: 'operator' }, async (scope) => {
      const checkpoint = await loadCheckpoint(scope.tx, id, 'Removing a checkpoint');
      await scope.tx.deleteCheckpoint(checkpoint.id);
      scope.journal('checkpoint.removed', checkpoint.rootPid, { checkpoint: checkpoint.id });
    });
    await releaseFileChanges(this.#deps.store);
  }

  /** @throws OUT_OF_RANGE (not a positive whole number of ms) */
  async prune(options: { olderThanMs: number }): Promise<PruneResult> {
    if (!Number.isSafeInteger(options.olderThanMs) || options.olderThanMs <= 0)
      throw new LibosError(
        'OUT_OF_RANGE',
        'Pruning checkpoints failed: olderThanMs must be a positive whole number',
        { details: { field: 'olderThanMs' } },
      );
    const removed = await runCommand(this.#deps, { actor: 'operator' }, async (scope) => {
      const cutoff = scope.now - options.olderThanMs;
      const old = (await allCheckpoints(scope.tx)).filter((c) => c.createdAt <= cutoff);
      for (const checkpoint of old) {
        await scope.tx.deleteCheckpoint(checkpoint.id);
        scope.journal('checkpoint.removed', checkpoint.rootPid, {
          checkpoint: checkpoint.id,
          reason: 'retention',
        });
      }
      return old.map((c) => c.id);
    });
    return { removed, released: await releaseFileChanges(this.#deps.store) };
  }

  /**
   * Bakes the checkpoint's root into the new image version `options.as` (`id@N`): see
   * {@link commitImage}.
   * @throws INVALID_INPUT, INVALID_ID, NOT_FOUND, ALREADY_EXISTS, OUT_OF_RANGE
   */
  async commitImage(id: string, options: { as: string }): Promise<AgentImage> {
    const target = parseCommitTarget(options.as);
    return runCommand(this.#deps, { actor: 'operator' }, async (scope) =>
      commitImage(
        scope,
        await loadCheckpoint(scope.tx, id, 'Committing a checkpoint to an image'),
        target,
      ),
    );
  }
}

/** Resumes the processes a restore held while it put their files back (if still so held). */
async function releaseHold(scope: CommandScope, pids: readonly Pid[]): Promise<void> {
  for (const pid of pids) {
    const process = await scope.tx.getProcess(pid);
    if (process?.state.kind !== 'paused' || process.state.detail !== HOLD_DETAIL) continue;
    await scope.apply(process, { type: 'resume' }, { attempted: 'Restoring a checkpoint' });
    scope.journal('process.resumed', pid, { by: 'operator' });
  }
}

/** The name given, checked: shown to people, so no hidden or control character. */
function checkName(name: string | undefined): string | null {
  if (name === undefined) return null;
  if (
    name.trim() === '' ||
    name.length > MAX_CHECKPOINT_NAME ||
    findHiddenCharacter(name, { allowLineBreaks: false }) !== null
  )
    throw new LibosError(
      'INVALID_INPUT',
      `Taking a checkpoint failed: a name is 1..${MAX_CHECKPOINT_NAME} printable characters`,
      { details: { field: 'name' } },
    );
  return name;
}
