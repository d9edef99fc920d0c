// The runtime records the console reads, as they arrive over HTTP (copies of the wire shapes).

/** Any JSON value. */
export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

/** Who may have caused a change. */
export type Actor = string;

/** What a waiting process waits on. */
export type Wait =
  | { readonly on: 'child'; readonly pids: readonly string[] }
  | { readonly on: 'message'; readonly filter: { readonly from?: readonly string[] } }
  | {
      readonly on: 'human';
      readonly requestIds: readonly string[];
      readonly deadline: number | null;
    }
  | { readonly on: 'timer'; readonly wakeAt: number }
  | { readonly on: 'tool'; readonly taskId: string };

/** A process's lifecycle state. */
export type ProcessState =
  | { readonly kind: 'runnable' }
  | { readonly kind: 'running'; readonly fence: number; readonly leaseExpiresAt: number }
  | { readonly kind: 'waiting'; readonly wait: Wait; readonly since: number }
  | {
      readonly kind: 'paused';
      readonly reason: string;
      readonly detail?: string;
      readonly by?: Actor;
    }
  | { readonly kind: 'exited'; readonly result: Json }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string }
  | { readonly kind: 'killed'; readonly signal: string; readonly by: Actor };

/** The name of a process state. */
export type StateKind = ProcessState['kind'];

/** Every state kind, in lifecycle order. */
export const STATE_KINDS: readonly StateKind[] = [
  'runnable',
  'running',
  'waiting',
  'paused',
  'exited',
  'failed',
  'killed',
];

/** An agent process. */
export interface AgentProcess {
  readonly pid: string;
  readonly parentPid: string | null;
  readonly imageId: string;
  /** The image version it runs (pinned at spawn; moved only by an exec or the operator). */
  readonly imageVersion: number;
  readonly goal: string;
  readonly name: string | null;
  readonly cwd: string;
  readonly state: ProcessState;
  readonly budget: Readonly<Partial<Record<string, number>>>;
  readonly usage: Readonly<Record<string, number>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What a human request asks. */
export type RequestBody =
  | { readonly kind: 'question'; readonly question: string }
  | {
      readonly kind: 'permission';
      readonly resource: string;
      readonly rights: readonly string[];
      readonly reason: string;
      readonly syscall: string;
      readonly grant: boolean;
    }
  | { readonly kind: 'notification'; readonly message: string };

/** A human request. */
export interface HumanRequest {
  readonly id: string;
  readonly pid: string;
  readonly channel: string;
  readonly body: RequestBody;
  readonly state: { readonly kind: 'pending' | 'answered' | 'expired' | 'cancelled' } & {
    readonly [k: string]: Json;
  };
  readonly deadline: number | null;
  readonly createdAt: number;
}

/** The four answers to a permission request. */
export type Decision = 'allow_once' | 'allow_always' | 'deny_once' | 'deny_always';

/** The effect a permission request would have, shown next to it. */
export type Effect =
  | {
      readonly kind: 'write';
      readonly path: string;
      readonly mode: 'create' | 'overwrite' | 'append';
      readonly exists: boolean;
      /** Unified diff from the current file; null when either side is not text. */
      readonly diff: string | null;
      /** Why there is no diff, or null. */
      readonly note: string | null;
      readonly truncated: boolean;
      readonly bytes: number;
      readonly sha256: string;
    }
  | { readonly kind: 'delete'; readonly path: string }
  | { readonly kind: 'move'; readonly from: string; readonly to: string }
  | { readonly kind: 'command'; readonly argv: readonly string[]; readonly cwd: string }
  | {
      readonly kind: 'request';
      readonly method: string;
      readonly url: string;
      readonly text: string | null;
      readonly truncated: boolean;
      readonly bytes: number;
      readonly sha256: string;
    }
  | {
      readonly kind: 'grant';
      readonly resource: string;
      /** What the process has now for each asked right. */
      /** `partial`: allows cover part of the requested pattern. */
      readonly current: readonly {
        readonly right: string;
        readonly effect: CapabilityEffect | 'partial';
      }[];
    }
  | { readonly kind: 'none' };

/** A request with who asks and what it would do. */
export interface ApprovalContext {
  readonly request: HumanRequest;
  readonly process: AgentProcess;
  readonly lineage: readonly AgentProcess[];
  readonly effect: Effect;
}

/** What a capability record says. */
export type CapabilityEffect = 'allow' | 'ask' | 'deny';

/** A capability record, with its resource as text. */
export interface Capability {
  readonly id: string;
  readonly subject: string;
  readonly resourceText: string;
  readonly rights: readonly string[];
  readonly effect: CapabilityEffect;
  readonly usesRemaining: number | null;
  readonly expiresAt: number | null;
  readonly parentId: string | null;
  readonly delegable: boolean;
  readonly issuedBy: Actor;
  readonly approval: string | null;
  readonly boundCall: string | null;
  readonly depth: number;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

/** A journal entry. */
export interface JournalEntry {
  readonly seq: number;
  readonly at: number;
  readonly type: string;
  readonly pid: string | null;
  readonly actor: Actor;
  readonly data: { readonly [k: string]: Json };
  readonly stream: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** One item of a process's transcript. */
export type TranscriptItem =
  | {
      readonly kind: 'model';
      readonly text: string | null;
      readonly toolCalls: readonly {
        readonly id: string;
        readonly name: string;
        readonly arguments: { readonly [k: string]: Json };
      }[];
      readonly model: string;
      readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
    }
  | {
      readonly kind: 'result';
      readonly toolCallId: string;
      readonly name: string;
      readonly content: string;
      readonly isError: boolean;
    }
  | { readonly kind: 'input'; readonly text: string; readonly from: string }
  | { readonly kind: 'summary'; readonly text: string; readonly replaces: number };

/** A stored transcript row. */
export interface TranscriptEntry {
  readonly seq: number;
  readonly item: TranscriptItem;
  readonly createdAt: number;
}

/** An Object Memory namespace. */
export interface Namespace {
  readonly name: string;
  readonly kind: 'private' | 'shared';
  readonly owner: string;
  readonly createdAt: number;
}

/** Provenance labels of an object version. */
export interface Labels {
  readonly creator: Actor;
  readonly origins: readonly string[];
  readonly sensitivity: string;
  readonly sourceObjects: readonly string[];
  readonly sourceResources: readonly string[];
}

/** An object's identity and current state. */
export interface MemoryObject {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly latestVersion: number;
  readonly updatedAt: number;
  readonly deletedAt: number | null;
}

/** One immutable object version. */
export interface ObjectVersion {
  readonly objectId: string;
  readonly version: number;
  readonly sha256: string;
  readonly size: number;
  readonly labels: Labels;
  readonly createdAt: number;
}

/** An object with one of its versions. */
export interface ObjectSnapshot {
  readonly object: MemoryObject;
  readonly version: ObjectVersion;
}

/** A page of a namespace's live objects. */
export interface ObjectPage {
  readonly items: readonly ObjectSnapshot[];
  readonly nextAfter: string | null;
}

/** A version with its content. */
export interface ObjectContent extends ObjectSnapshot {
  readonly encoding: 'utf8' | 'base64';
  readonly content: string;
}

/** A keyset page. */
export interface Page<T, C = string> {
  readonly items: readonly T[];
  readonly next: C | null;
}

/** A scalar JSON value as text; objects and arrays as JSON. */
export function jsonText(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A task's status: its latest run's (`live` while that process may still act). */
export type TaskStatus = 'live' | 'exited' | 'failed' | 'killed';

/** A task record (a durable conversation whose runs are root processes). */
export interface Task {
  readonly id: string;
  readonly imageId: string;
  readonly imageVersion: number;
  readonly goal: string;
  readonly name: string | null;
  readonly createdBy: Actor;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly runCount: number;
  readonly status: TaskStatus;
}

/** One run of a task, with the root process that ran it. */
export interface TaskRun {
  readonly taskId: string;
  readonly index: number;
  readonly pid: string;
  /** The follow-up that started it; null for the first run. */
  readonly followUp: string | null;
  readonly createdAt: number;
  readonly process: AgentProcess;
}

/** A task in the list: only its latest run. */
export interface TaskSummary extends Task {
  readonly latest: TaskRun | null;
}

/** A task with every run. */
export interface TaskView extends Task {
  readonly runs: readonly TaskRun[];
}

/** What a follow-up answered: the task, the new run and what carried over. */
export interface FollowedUp {
  readonly task: TaskView;
  readonly run: TaskRun;
  readonly carried: readonly { readonly from: string; readonly to: string }[];
  readonly left: readonly { readonly from: string; readonly reason: string }[];
  readonly objects: number;
}
