// What checkpoint operations answer: a checkpoint's summary, a restore's and a fork's reports.
import type { MessageId, Pid } from '../../base/ids.js';
import type { CapabilityId } from '../capability/types.js';
import type { EffectId } from '../effect/types.js';
import type { StateKind } from '../process/types.js';
import type { Checkpoint, CheckpointId } from './types.js';

/** A checkpoint with a summary of what it holds. */
export interface CheckpointView extends Checkpoint {
  readonly processes: readonly {
    readonly pid: Pid;
    readonly parentPid: Pid | null;
    readonly state: StateKind;
    readonly transcriptEntries: number;
    readonly unread: number;
  }[];
  readonly capabilities: number;
  readonly pendingRequests: number;
}

/** An effect on the world a subtree intended after a checkpoint. */
export interface EffectSince {
  readonly seq: number;
  readonly pid: Pid;
  readonly intent: EffectId;
  readonly syscall: string;
  readonly resource: string;
}

/** What a restore did to Object Memory. */
export interface MemoryRewind {
  /** Objects put back at their captured version (as a new version sharing its payload). */
  readonly restored: number;
  /** Objects created after the checkpoint, now deleted (tombstoned: their history stays). */
  readonly removed: number;
}

/** What a restore changed, and what it could not undo. */
export interface RestoreReport {
  readonly checkpoint: CheckpointId;
  /** Processes put back to their captured state. */
  readonly restored: readonly Pid[];
  /** Processes spawned after the checkpoint, killed. */
  readonly killed: readonly Pid[];
  /**
   * Captured processes the operator killed since, left killed: only the operator's own restore
   * brings them back (a process's restore never undoes an operator's kill).
   */
  readonly notRevived: readonly Pid[];
  /** Restored processes held paused while the files are put back (`--files`), resumed after. */
  readonly held: readonly Pid[];
  /** Records granted to the subtree after the checkpoint, revoked (with what hung below them). */
  readonly revoked: readonly CapabilityId[];
  /** Captured records revoked since: they stay revoked. */
  readonly stillRevoked: readonly CapabilityId[];
  /** Requests raised after the checkpoint, cancelled. */
  readonly cancelled: number;
  /** Messages the subtree sent after the checkpoint, now superseded. */
  readonly superseded: readonly MessageId[];
  /** Messages the subtree received after the checkpoint, back in its mailbox. */
  readonly returned: readonly MessageId[];
  readonly objects: MemoryRewind;
  /**
   * Effects on the world made after the checkpoint, which a restore cannot take back (files can
   * be put back with the workspace rollback): listed, never silently dropped.
   */
  readonly external: readonly EffectSince[];
  /** Messages sent after the checkpoint to processes outside the subtree (read or not). */
  readonly messagesOut: readonly MessageId[];
}

/** What a fork made. */
export interface ForkReport {
  readonly checkpoint: CheckpointId;
  /** The new subtree's root. */
  readonly root: Pid;
  /** Each captured pid with the pid of its copy. */
  readonly pids: readonly { readonly from: Pid; readonly to: Pid }[];
  /** Records copied (each delegated from the record it copies, so revoking that revokes it). */
  readonly capabilities: number;
  /** Captured records not copied: revoked since, expired, counted or bound to one call. */
  readonly left: number;
  /** Objects linked into the new private namespaces (payloads shared by hash). */
  readonly objects: number;
}
