// The Store port's workspace part: file changes made by fs syscalls, with the pre-images they removed.
import type { Pid } from '../base/ids.js';
import type { EffectId } from '../kernel/effect/types.js';

/**
 * What a syscall body reports about one workspace file it changed: what the path held before
 * (a regular file's hash and permission bits, or nothing) and what it holds after.
 */
export interface FileChangeReport {
  /** Workspace-relative path of the file. */
  readonly path: string;
  /** SHA-256 of the regular file the path held before; null when it held none. */
  readonly beforeSha256: string | null;
  /** Permission bits of that file (`st_mode & 0o7777`); null when there was none. */
  readonly beforeMode: number | null;
  /** Whether the before file's bytes were kept as a blob (false: too large, or nothing before). */
  readonly preImageKept: boolean;
  /** SHA-256 of the regular file the path holds after; null when the change removed it. */
  readonly afterSha256: string | null;
}

/** A file change as stored: the report plus who made it, with which call, and when. */
export interface FileChange extends FileChangeReport {
  /** Store-assigned, strictly increasing, never reused (not even after a prune). */
  readonly seq: number;
  readonly pid: Pid;
  /** The effect intent of the call that made the change (null: a call run without one). */
  readonly intent: EffectId | null;
  /** sha256 of pid and call id (the call's `callKey`). */
  readonly callKey: string;
  readonly syscall: string;
  readonly at: number;
}

/** A file change to insert; the store assigns `seq`. */
export type FileChangeDraft = Omit<FileChange, 'seq'>;

/**
 * What a syscall body records its file changes through (`SyscallRunContext.fileChanges`). The
 * pipeline writes the recorded changes in the transaction that settles the call.
 */
export interface FileChangeLog {
  /**
   * Stores `bytes` as a content-addressed blob (deduplicated) before the effect that removes them
   * begins, in a transaction of its own; returns their sha256.
   */
  keep(bytes: Uint8Array): Promise<string>;
  /** Adds a change to the call's list (written only if the call settles with its effect begun). */
  record(change: FileChangeReport): void;
}

/** One page of file changes. */
export interface FileChangeQuery {
  /** Changes made by these processes (an empty list matches none). */
  readonly pids: readonly Pid[];
  /** Changes with a seq greater than this. */
  readonly afterSeq: number;
  readonly limit: number;
}

/** What a prune removed. */
export interface FileChangePrune {
  /** File change rows deleted. */
  readonly rows: number;
  /** Blobs deleted because nothing referenced them any more. */
  readonly blobs: number;
}

/** Reads of file changes. */
export interface FileChangeReader {
  /** Changes of `pids` after `afterSeq`, in seq order, keyset-paged by seq. */
  listFileChanges(query: FileChangeQuery): Promise<FileChange[]>;
  /** The greatest seq ever assigned to a file change (0 when none): a checkpoint's mark. */
  fileChangeHighWater(): Promise<number>;
}

/** Writes of file changes; only inside a transaction. */
export interface FileChangeWriter {
  /** Inserts the changes in order, assigning each the next seq; returns them as stored. */
  insertFileChanges(drafts: readonly FileChangeDraft[]): Promise<FileChange[]>;
  /**
   * Deletes up to `limit` changes with seq ≤ `throughSeq` (lowest first) and then the blobs
   * their pre-images named that nothing references any more (an Object Memory version, a
   * transcript result, a Skill file or another file change). Call again until `rows` is 0.
   */
  pruneFileChanges(options: { throughSeq: number; limit: number }): Promise<FileChangePrune>;
  /** Deletes those of the blobs `sha256s` that nothing references; returns how many. */
  releaseBlobs(sha256s: readonly string[]): Promise<number>;
}
