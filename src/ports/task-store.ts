// The Store port's task part: tasks (durable conversations) and their runs, one root process each.
import type { Pid, TaskId } from '../base/ids.js';
import type { Task, TaskRun } from '../kernel/task/types.js';

/** Reads of tasks. */
export interface TaskReader {
  getTask(id: TaskId): Promise<Task | undefined>;
  /** Tasks keyset-paged by id, after `afterId`. */
  listTasks(query: { afterId?: TaskId; limit: number }): Promise<Task[]>;
  /** Runs of a task in index order, after `afterIndex` (keyset paging). */
  listTaskRuns(taskId: TaskId, query: { afterIndex?: number; limit: number }): Promise<TaskRun[]>;
  /** The run a process is the root of, if it is one. */
  findTaskRun(pid: Pid): Promise<TaskRun | undefined>;
}

/** Writes of tasks; only inside a transaction. */
export interface TaskWriter {
  /**
   * Inserts a task with no runs yet (`runCount` must be 0).
   * @throws ALREADY_EXISTS when the id exists; INVALID_INPUT when `runCount` is not 0
   */
  insertTask(task: Task): Promise<void>;
  /**
   * Appends a run: its index must be the task's `runCount`, which moves up by one (and its
   * `updatedAt` to the run's `createdAt`) in the same write, so two runs never share an index.
   * @throws NOT_FOUND (no such task); VERSION_CONFLICT (the index is not the next one);
   *   ALREADY_EXISTS (the pid already runs a task)
   */
  insertTaskRun(run: TaskRun): Promise<void>;
}
