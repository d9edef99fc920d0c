// The checkpoint operations a syscall body may call, as the calling process (authority checked).
import type { Pid } from '../base/ids.js';
import type { ManifestDiff } from '../kernel/checkpoint/diff-manifests.js';
import type { CheckpointView, ForkReport, RestoreReport } from '../kernel/checkpoint/reports.js';
import type { Checkpoint } from '../kernel/checkpoint/types.js';

/** Checkpoints as the calling process; every change is made once per call. */
export interface CheckpointOps {
  /** The same operations for one call (its key: a re-issued call gets its first outcome). */
  forCall(key: string): CheckpointOps;
  /** Captures `root`'s subtree. */
  create(input: { root: Pid; name: string | null }): Promise<Checkpoint>;
  /** Checkpoints of `root`'s subtree, by id. */
  list(input: { root: Pid; afterId?: string; limit: number }): Promise<Checkpoint[]>;
  inspect(id: string): Promise<CheckpointView>;
  diff(from: string, to?: string): Promise<ManifestDiff>;
  /** Restores in place (refused while a quantum of that subtree runs, the caller's own included). */
  restore(id: string): Promise<RestoreReport>;
  fork(id: string): Promise<ForkReport>;
}
