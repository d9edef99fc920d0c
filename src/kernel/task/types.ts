// Tasks: durable conversations that outlive their processes, one root process per run.
import type { Pid, TaskId } from '../../base/ids.js';
import { isTerminal, type Actor, type ProcessState, type StateKind } from '../process/types.js';

/**
 * A task: the goal an operator started with, the image version every run uses, and how many runs
 * it has had. Its runs are rows of their own (`TaskRun`); its status is its latest run's.
 */
export interface Task {
  readonly id: TaskId;
  /** The image id without a version (`base`, `reviewer`). */
  readonly imageId: string;
  /** The image version the first run was spawned with; every continuation runs the same one. */
  readonly imageVersion: number;
  readonly goal: string;
  readonly name: string | null;
  readonly createdBy: Actor;
  readonly createdAt: number;
  /** When the latest run was added. */
  readonly updatedAt: number;
  /** How many runs the task has had; the next run's index. */
  readonly runCount: number;
}

/** One run of a task: the root process that ran it and the follow-up that started it. */
export interface TaskRun {
  readonly taskId: TaskId;
  /** 0 for the run `task start` made, then 1, 2, … per follow-up. */
  readonly index: number;
  readonly pid: Pid;
  /** The operator's follow-up text; null for the first run. */
  readonly followUp: string | null;
  readonly createdAt: number;
}

/**
 * A task's status is its latest run's state: `live` while that process may still act
 * (runnable, running, waiting, paused), else how it ended.
 */
export type TaskStatus = 'live' | 'exited' | 'failed' | 'killed';

/** The status of a task whose latest run is in `state`. */
export function taskStatus(state: ProcessState): TaskStatus {
  switch (state.kind) {
    case 'runnable':
    case 'running':
    case 'waiting':
    case 'paused':
      return 'live';
    case 'exited':
    case 'failed':
    case 'killed':
      return state.kind;
  }
}

/**
 * Whether a task whose latest run is in `state` may be followed up: only once that run ended
 * (exited, failed or killed), so two runs of one conversation never act at once.
 */
export function mayFollowUp(
  state: ProcessState,
): { readonly ok: true } | { readonly ok: false; readonly state: StateKind } {
  return isTerminal(state) ? { ok: true } : { ok: false, state: state.kind };
}

/** Longest follow-up text, as long as a goal. */
export const MAX_FOLLOW_UP_CHARS = 100_000;
