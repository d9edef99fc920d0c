// The task writes of a transaction: a task with no runs, and a run at the task's next index.
import { LibosError } from '../../base/errors.js';
import type { Task, TaskRun } from '../../kernel/task/types.js';
import type { TaskReads, TaskWrites } from './prepare-tasks.js';
import { toTaskRow, toTaskRunRow } from './task-row.js';
import { isUniqueViolation } from './to-store-error.js';

/**
 * Inserts a task with no runs yet.
 * @throws ALREADY_EXISTS (the id exists), INVALID_INPUT (a run count other than 0)
 */
export function writeTask(writes: TaskWrites, task: Task): void {
  if (task.runCount !== 0)
    throw new LibosError('INVALID_INPUT', `Inserting task ${task.id} failed: it has runs`);
  try {
    writes.insertTask.run(toTaskRow(task));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new LibosError('ALREADY_EXISTS', `Inserting task ${task.id} failed: it exists`, {
      details: { task: task.id },
    });
  }
}

/**
 * Appends a run at the task's next index, counting it in the same step; every check comes before
 * the first write, so a refused run changes nothing.
 * @throws NOT_FOUND, VERSION_CONFLICT (not the next index), ALREADY_EXISTS (the pid runs a task)
 */
export function writeTaskRun(
  db: { readonly writes: TaskWrites; readonly reads: TaskReads },
  run: TaskRun,
  attempted: string,
): void {
  const task = db.reads.getTask(run.taskId);
  if (task === undefined)
    throw new LibosError('NOT_FOUND', `${attempted} failed: there is no such task`, {
      details: { task: run.taskId },
    });
  if (task.run_count !== run.index)
    throw new LibosError('VERSION_CONFLICT', `${attempted} failed: it is not the next run`, {
      details: { task: run.taskId, index: run.index, next: task.run_count },
    });
  if (db.reads.findTaskRun(run.pid) !== undefined)
    throw new LibosError('ALREADY_EXISTS', `${attempted} failed: ${run.pid} runs a task`, {
      details: { pid: run.pid },
    });
  db.writes.insertRun.run(toTaskRunRow(run));
  db.writes.countRun.run(run.createdAt, run.taskId, run.index);
}
