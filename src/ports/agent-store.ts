// The Store port's agent part: transcripts, registered images, per-process settings and call outcomes.
import type { Json } from '../base/canonical-json.js';
import type { Pid } from '../base/ids.js';
import type { AgentImage, TranscriptEntry, TranscriptItem } from '../kernel/agent/types.js';

/** Reads of agent data. */
export interface AgentReader {
  /** Transcript entries of `pid` after `afterSeq`, in order. */
  listTranscript(
    pid: Pid,
    options: { afterSeq?: number; limit: number },
  ): Promise<TranscriptEntry[]>;
  /** The newest registered version of an image (or a given version). */
  getImage(id: string, version?: number): Promise<AgentImage | undefined>;
  /**
   * Registered image versions in (id, version) order, after `after` (keyset paging); built-in
   * images are not stored and not listed.
   */
  listImages(options: {
    after?: { readonly id: string; readonly version: number };
    limit: number;
  }): Promise<AgentImage[]>;
  getSetting(pid: Pid, key: string): Promise<Json | undefined>;
  /** The recorded outcome of the state-changing call `key` (sha256 of pid and call id), if any. */
  getCallOutcome(key: string): Promise<Json | undefined>;
}

/** The outcome of a state-changing call, written in the transaction that made the change. */
export interface CallOutcome {
  readonly key: string;
  readonly pid: Pid;
  readonly value: Json;
  readonly at: number;
}

/** Writes of agent data; only inside a transaction. */
export interface AgentWriter {
  /** Appends an item at the next seq; returns the seq. */
  appendTranscript(pid: Pid, item: TranscriptItem, options: { at: number }): Promise<number>;
  /** Deletes transcript entries of `pid` with seq ≤ `upToSeq` (after they were summarised). */
  trimTranscript(pid: Pid, options: { upToSeq: number }): Promise<void>;
  /** @throws ALREADY_EXISTS when that id and version exist */
  insertImage(image: AgentImage, options: { by: string; at: number }): Promise<void>;
  putSetting(pid: Pid, key: string, value: Json): Promise<void>;
  /** @throws ALREADY_EXISTS when the call already has an outcome */
  putCallOutcome(outcome: CallOutcome): Promise<void>;
  /** Forgets the call outcomes of `pid` (it ended: none of its calls is re-issued again). */
  deleteCallOutcomes(pid: Pid): Promise<void>;
}
