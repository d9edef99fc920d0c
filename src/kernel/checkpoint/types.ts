// Checkpoints: what a snapshot of a process subtree records, by reference where it can.
import type { Json } from '../../base/canonical-json.js';
import type { Id, Pid } from '../../base/ids.js';
import type { TranscriptEntry } from '../agent/types.js';
import type { RequestId } from '../approval/types.js';
import type { Capability } from '../capability/types.js';
import type { Taint } from '../flow/taint.js';
import type { Message } from '../mailbox/types.js';
import type { ObjectId } from '../object/types.js';
import type { Actor, AgentProcess } from '../process/types.js';

/** A checkpoint id (`ckpt_…`). */
export type CheckpointId = Id<'checkpoint'>;

/** The manifest format this runtime writes and reads. */
export const MANIFEST_FORMAT = 1;

/** One process of a checkpointed subtree, as it was. */
export interface CapturedProcess {
  /** The row, its state normalised (a running process was captured as runnable). */
  readonly process: AgentProcess;
  /** Its durable transcript, whole (compaction keeps it short; payloads stay where they are). */
  readonly transcript: readonly TranscriptEntry[];
  /** Its settings (model, JIT tool table, …). */
  readonly settings: readonly { readonly key: string; readonly value: Json }[];
  readonly taint: Taint | null;
  /** Messages it had not yet received. */
  readonly undelivered: readonly Message[];
  /** The stored outcomes of its state-changing calls (a call re-issued after a restore gets its own). */
  readonly outcomes: readonly { readonly key: string; readonly value: Json }[];
}

/** An Object Memory object of the subtree, by reference: its id and the version that was latest. */
export interface CapturedObject {
  readonly id: ObjectId;
  readonly namespace: string;
  readonly name: string;
  readonly version: number;
}

/** Everything a checkpoint captured, stored as canonical JSON with the checkpoint. */
export interface CheckpointManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly root: Pid;
  /** Parents before their children; the root first. */
  readonly processes: readonly CapturedProcess[];
  /**
   * Unrevoked records held by the subtree, never `checkpoint` ones (checkpoint authority is not
   * part of what a checkpoint restores or a fork inherits).
   */
  readonly capabilities: readonly Capability[];
  /** Questions and permission requests of the subtree that were pending. */
  readonly requests: readonly RequestId[];
  /** Namespaces the subtree owned. */
  readonly namespaces: readonly string[];
  /** Live objects of those namespaces. */
  readonly objects: readonly CapturedObject[];
  /** The call that took the checkpoint (a process's `checkpoint.create`), if one did. */
  readonly call: { readonly pid: Pid; readonly key: string } | null;
}

/** A checkpoint as listed: the manifest stays in the store until asked for. */
export interface Checkpoint {
  readonly id: CheckpointId;
  readonly rootPid: Pid;
  readonly name: string | null;
  readonly createdBy: Actor;
  readonly createdAt: number;
  /** The journal's head seq when it was taken: what happened since is journaled after it. */
  readonly journalSeq: number;
  /** The last workspace file change recorded before it (0: none). */
  readonly fileChangeSeq: number;
  readonly processCount: number;
  readonly objectCount: number;
  readonly manifestSha256: string;
}
