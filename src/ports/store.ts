// The Store port: the durable source of truth. Asynchronous so that SQLite and PostgreSQL fit.
import type { Pid } from '../base/ids.js';
import type { AuthorityReader, AuthorityWriter } from './authority-store.js';
import type { ObjectReader, ObjectWriter } from './object-store.js';
import type { AgentReader, AgentWriter } from './agent-store.js';
import type { SkillReader, SkillWriter } from './skill-store.js';
import type { TaskReader, TaskWriter } from './task-store.js';
import type { McpReader, McpWriter } from './mcp-store.js';
import type { FlowReader, FlowWriter } from './flow-store.js';
import type { CheckpointReader, CheckpointWriter } from './checkpoint-store.js';
import type { FileChangeReader, FileChangeWriter } from './file-change-store.js';
import type { JournalDraft, JournalEntry } from '../kernel/journal/entry.js';
import type { Message } from '../kernel/mailbox/types.js';
import type { AgentProcess, StateKind } from '../kernel/process/types.js';

/** One page of a keyset-paged listing. */
export interface ProcessQuery {
  /** Return processes with pid greater than this. */
  readonly afterPid?: Pid;
  readonly limit: number;
  readonly states?: readonly StateKind[];
  readonly parentPid?: Pid;
}

/** Filter for journal listings. */
export interface JournalQuery {
  readonly afterSeq?: number;
  readonly limit: number;
  readonly pid?: Pid;
  readonly type?: string;
}

/** The latest entry of one writer's chain, recorded at each commit. */
export interface JournalHead {
  readonly stream: string;
  readonly seq: number;
  readonly hash: string;
}

/** Reads available inside and outside transactions. */
export interface StoreReader
  extends
    AuthorityReader,
    ObjectReader,
    AgentReader,
    SkillReader,
    TaskReader,
    McpReader,
    FlowReader,
    CheckpointReader,
    FileChangeReader {
  getProcess(pid: Pid): Promise<AgentProcess | undefined>;
  /** Keyset-paged by pid. */
  listProcesses(query: ProcessQuery): Promise<AgentProcess[]>;
  /** Pids of processes in the given states, keyset-paged by pid; used by recovery. */
  listPidsInState(state: StateKind, page: { afterPid?: Pid; limit: number }): Promise<Pid[]>;
  /** Processes waiting on a timer due at or before `now`, earliest first. */
  listDueTimers(now: number, limit: number): Promise<Pid[]>;
  /** The earliest timer wake-up, if any process waits on a timer. */
  nextTimerAt(): Promise<number | undefined>;
  /** Undelivered messages for `pid`: interrupts first, then in posting order. */
  listUndelivered(pid: Pid, limit: number): Promise<Message[]>;
  /** Messages of `pid` already taken by the call `key`, in delivery order. */
  listDeliveredByKey(pid: Pid, key: string): Promise<Message[]>;
  /** Journal entries in seq order. */
  listJournal(query: JournalQuery): Promise<JournalEntry[]>;
  journalHeads(): Promise<JournalHead[]>;
}

/** Writes; only available inside a transaction. */
export interface StoreTx
  extends
    StoreReader,
    AuthorityWriter,
    ObjectWriter,
    AgentWriter,
    SkillWriter,
    TaskWriter,
    McpWriter,
    FlowWriter,
    CheckpointWriter,
    FileChangeWriter {
  insertProcess(process: AgentProcess): Promise<void>;
  /**
   * Replaces a process row.
   * @throws VERSION_CONFLICT when the stored version is not `process.version - 1`.
   */
  updateProcess(process: AgentProcess): Promise<void>;
  /**
   * Fencing check for writes made by a quantum.
   * @throws STALE_LEASE unless `pid` is running under exactly `fence`.
   */
  assertLease(pid: Pid, fence: number): Promise<void>;
  insertMessage(message: Message): Promise<void>;
  /** Marks messages delivered at `at`, remembering the call (`key`) that took them. */
  markDelivered(ids: readonly Message['id'][], at: number, key?: string): Promise<void>;
  /** Appends entries to this writer's chain, in order; returns them sealed. */
  appendJournal(drafts: readonly JournalDraft[]): Promise<JournalEntry[]>;
}

/** Options for opening a transaction. */
export interface TransactOptions {
  readonly signal?: AbortSignal;
}

/** The durable store. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Whether this handle may write (false for read-only CLI handles). */
  readonly writable: boolean;
  /**
   * The database file on this machine (absolute), whose directory is the runtime's state
   * directory; null when there is none here (in memory, a remote server).
   */
  readonly location: string | null;
  /**
   * Runs `fn` in one transaction: everything it wrote commits together or not at all. `fn` must
   * only await the transaction's own methods.
   */
  transact<T>(fn: (tx: StoreTx) => Promise<T>, options?: TransactOptions): Promise<T>;
  /** Runs reads against one consistent snapshot. */
  read<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` with the journal's new head seq after every commit of this handle that
   * appended entries (never for a rollback; never on a read-only handle), once they are readable.
   * Returns the unsubscribe function. What followers of the journal (the event stream) wait on.
   */
  onJournal(listener: (seq: number) => void): () => void;
  close(): Promise<void>;
}
