// The AgentProcess record: lifecycle states and typed waits as discriminated unions.
import type { Json } from '../../base/canonical-json.js';
import type { LeaseId, Pid } from '../../base/ids.js';
import type { Budget, Usage } from '../budget/types.js';

/** Who may have caused a change: a process, the operator, or the runtime itself. */
export type Actor = Pid | 'operator' | 'runtime';

/** Which messages a receive waits for; an empty filter takes any message. */
export interface MessageFilter {
  /** Only messages from these senders. */
  readonly from?: readonly Actor[];
}

/** What a waiting process waits on. */
export type Wait =
  | { readonly on: 'child'; readonly pids: readonly Pid[] }
  | { readonly on: 'message'; readonly filter: MessageFilter }
  | {
      readonly on: 'human';
      readonly requestIds: readonly string[];
      readonly deadline: number | null;
    }
  | { readonly on: 'timer'; readonly wakeAt: number }
  | { readonly on: 'tool'; readonly taskId: string };

/**
 * Why a process is paused: by the operator, by its parent (a `pause` signal), or by the runtime
 * (a denied approval, an effect of unknown outcome, a budget, an error).
 */
export type PauseReason =
  'operator' | 'parent' | 'approval-denied' | 'unknown-effect' | 'budget' | 'error';

/** States a paused process returns to when resumed. */
export type ResumableState =
  | { readonly kind: 'runnable' }
  | { readonly kind: 'waiting'; readonly wait: Wait; readonly since: number };

/** The signals the kernel knows; `terminate` ends the whole subtree. */
export type Signal = 'pause' | 'resume' | 'interrupt' | 'terminate';

/** A process's lifecycle state; each state carries only its own fields. */
export type ProcessState =
  | { readonly kind: 'runnable' }
  | {
      readonly kind: 'running';
      readonly leaseId: LeaseId;
      readonly fence: number;
      readonly leaseExpiresAt: number;
    }
  | { readonly kind: 'waiting'; readonly wait: Wait; readonly since: number }
  | {
      readonly kind: 'paused';
      readonly reason: PauseReason;
      readonly detail?: string;
      /** Who paused it; absent on rows written before pauses were owned (only the operator lifts those). */
      readonly by?: Actor;
      readonly resumeTo: ResumableState;
    }
  | { readonly kind: 'exited'; readonly result: Json }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string }
  | { readonly kind: 'killed'; readonly signal: 'terminate' | 'kill'; readonly by: Actor };

/** Name of a state. */
export type StateKind = ProcessState['kind'];

/** The states from which a process never moves again. */
export const TERMINAL_STATES = [
  'exited',
  'failed',
  'killed',
] as const satisfies readonly StateKind[];

/** Every state kind, for table tests and validation. */
export const STATE_KINDS = [
  'runnable',
  'running',
  'waiting',
  'paused',
  'exited',
  'failed',
  'killed',
] as const satisfies readonly StateKind[];

/** True when a state is terminal. */
export function isTerminal(state: ProcessState): boolean {
  return state.kind === 'exited' || state.kind === 'failed' || state.kind === 'killed';
}

/** What to do when a budget is exceeded. */
export type BudgetPolicy = 'pause' | 'kill';

/** An agent process as stored. */
export interface AgentProcess {
  readonly pid: Pid;
  readonly parentPid: Pid | null;
  /** The image id, always bare (no `@N`): see `imageVersion`. */
  readonly imageId: string;
  /**
   * The image version the process runs: fixed at spawn (the newest, unless one was named) and
   * changed only by an explicit exec or an operator's `setImageVersion`, never by registering a
   * newer version.
   */
  readonly imageVersion: number;
  readonly goal: string;
  readonly name: string | null;
  /** Workspace-relative working directory, `.` for the workspace root. */
  readonly cwd: string;
  readonly state: ProcessState;
  readonly budget: Budget;
  readonly usage: Usage;
  readonly onBudgetExceeded: BudgetPolicy;
  /** Monotonic lease counter; the fencing token of the current or last lease. */
  readonly fence: number;
  /** Messages flagged `interrupt` not yet delivered; the scheduler runs these first. */
  readonly pendingInterrupts: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Optimistic-concurrency version, incremented by every write. */
  readonly version: number;
}
