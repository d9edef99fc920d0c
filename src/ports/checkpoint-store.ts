// The Store port's checkpoint part: checkpoint rows and the few writes a restore needs.
import type { Json } from '../base/canonical-json.js';
import type { MessageId, Pid } from '../base/ids.js';
import type { TranscriptEntry } from '../kernel/agent/types.js';
import type { Checkpoint, CheckpointId } from '../kernel/checkpoint/types.js';
import type { EffectId } from '../kernel/effect/types.js';
import type { Message } from '../kernel/mailbox/types.js';

/** A stored message with what a restore did to it. */
export interface StoredMessage extends Message {
  /** The checkpoint whose restore superseded it (it was sent after that checkpoint), or null. */
  readonly supersededBy: CheckpointId | null;
}

/** Reads of checkpoints and of the rows a capture copies. */
export interface CheckpointReader {
  getCheckpoint(id: CheckpointId): Promise<Checkpoint | undefined>;
  /** The canonical JSON manifest of a checkpoint, as stored. */
  getCheckpointManifest(id: CheckpointId): Promise<Uint8Array | undefined>;
  /** Checkpoints keyset-paged by id, of one root when asked. */
  listCheckpoints(query: {
    rootPid?: Pid;
    afterId?: CheckpointId;
    limit: number;
  }): Promise<Checkpoint[]>;
  /** Every setting of `pid`, by key. */
  listSettings(pid: Pid): Promise<{ key: string; value: Json }[]>;
  getMessage(id: MessageId): Promise<StoredMessage | undefined>;
  /**
   * The newest journal seq this reader sees: in a transaction, including what commands before it
   * in the same batch appended (the recorded heads move only when a batch commits).
   */
  journalTail(): Promise<number>;
  /** Every stored call outcome of `pid` (what its state-changing calls made), by key. */
  listCallOutcomes(pid: Pid): Promise<{ key: string; value: Json }[]>;
}

/** Writes of checkpoints and of a restore; only inside a transaction. */
export interface CheckpointWriter {
  /** @throws ALREADY_EXISTS when the id exists */
  insertCheckpoint(checkpoint: Checkpoint, manifest: Uint8Array): Promise<void>;
  /** Deletes a checkpoint; true when there was one. */
  deleteCheckpoint(id: CheckpointId): Promise<boolean>;
  /** Replaces the whole transcript of `pid` with `entries`, at their own seqs. */
  rewindTranscript(pid: Pid, entries: readonly TranscriptEntry[]): Promise<void>;
  /** Replaces every setting of `pid` with `settings`. */
  replaceSettings(pid: Pid, settings: readonly { key: string; value: Json }[]): Promise<void>;
  /** Makes messages unread again (a restore went back to before they were received). */
  undeliverMessages(ids: readonly MessageId[]): Promise<void>;
  /**
   * Marks messages superseded by the restore of `by` (an unread one is never delivered), or
   * clears the mark (`null`: a later restore went back to before they were superseded).
   */
  supersedeMessages(ids: readonly MessageId[], by: CheckpointId | null): Promise<void>;
  /**
   * Gives an intent a new idempotency key (a restore retires the keys of calls made after the
   * checkpoint, so the same call id made again is a new call, while the intent stays on record).
   */
  rekeyIntent(id: EffectId, idempotencyKey: string): Promise<void>;
}
