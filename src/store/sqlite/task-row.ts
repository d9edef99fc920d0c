// Mapping task and task-run rows of the SQLite store to the kernel's records and back.
import type { Pid, TaskId } from '../../base/ids.js';
import type { Actor } from '../../kernel/process/types.js';
import type { Task, TaskRun } from '../../kernel/task/types.js';

/** A `tasks` row. */
export interface TaskRow {
  readonly id: string;
  readonly image_id: string;
  readonly image_version: number;
  readonly goal: string;
  readonly name: string | null;
  readonly created_by: string;
  readonly created_at: number;
  readonly updated_at: number;
  readonly run_count: number;
}

/** A `task_runs` row. */
export interface TaskRunRow {
  readonly task_id: string;
  readonly run_index: number;
  readonly pid: string;
  readonly follow_up: string | null;
  readonly created_at: number;
}

/** The row of `task`. */
export function toTaskRow(task: Task): TaskRow {
  return {
    id: task.id,
    image_id: task.imageId,
    image_version: task.imageVersion,
    goal: task.goal,
    name: task.name,
    created_by: task.createdBy,
    created_at: task.createdAt,
    updated_at: task.updatedAt,
    run_count: task.runCount,
  };
}

/** The task a row holds. */
export function fromTaskRow(row: TaskRow): Task {
  return {
    id: row.id as TaskId,
    imageId: row.image_id,
    imageVersion: row.image_version,
    goal: row.goal,
    name: row.name,
    createdBy: row.created_by as Actor,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    runCount: row.run_count,
  };
}

/** The row of `run`. */
export function toTaskRunRow(run: TaskRun): TaskRunRow {
  return {
    task_id: run.taskId,
    run_index: run.index,
    pid: run.pid,
    follow_up: run.followUp,
    created_at: run.createdAt,
  };
}

/** The run a row holds. */
export function fromTaskRunRow(row: TaskRunRow): TaskRun {
  return {
    taskId: row.task_id as TaskId,
    index: row.run_index,
    pid: row.pid as Pid,
    followUp: row.follow_up,
    createdAt: row.created_at,
  };
}
