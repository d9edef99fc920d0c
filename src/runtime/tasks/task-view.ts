// What the operator sees of a task: the record, its status, and each run with its root process.
import { LibosError } from '../../base/errors.js';
import type { TaskId } from '../../base/ids.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import { taskStatus, type Task, type TaskRun, type TaskStatus } from '../../kernel/task/types.js';
import type { StoreReader } from '../../ports/store.js';

/** One run with the root process that ran it (its state, result, usage and times). */
export interface TaskRunView extends TaskRun {
  readonly process: AgentProcess;
}

/** A task with its status (its latest run's) and its runs in order. */
export interface TaskView extends Task {
  readonly status: TaskStatus;
  readonly runs: readonly TaskRunView[];
}

/** A task in a listing: its status and only its latest run. */
export interface TaskSummary extends Task {
  readonly status: TaskStatus;
  readonly latest: TaskRunView | null;
}

const PAGE = 500;

/**
 * Reads a task and every run of it, in one snapshot.
 * @throws NOT_FOUND
 */
export async function readTaskView(reader: StoreReader, id: TaskId): Promise<TaskView> {
  const task = await reader.getTask(id);
  if (task === undefined)
    throw new LibosError('NOT_FOUND', `Reading a task failed: no task ${id}`, {
      details: { task: id },
    });
  const runs: TaskRunView[] = [];
  for (let afterIndex = -1; ;) {
    const page = await reader.listTaskRuns(id, { afterIndex, limit: PAGE });
    for (const run of page) runs.push(await withProcess(reader, run));
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE) break;
    afterIndex = last.index;
  }
  return { ...task, status: statusOf(runs.at(-1)), runs };
}

/** A page of tasks by id, each with its latest run. */
export async function listTaskSummaries(
  reader: StoreReader,
  query: { afterId?: TaskId; limit: number },
): Promise<TaskSummary[]> {
  const tasks = await reader.listTasks(query);
  const out: TaskSummary[] = [];
  for (const task of tasks) {
    const [run] =
      task.runCount === 0
        ? []
        : await reader.listTaskRuns(task.id, { afterIndex: task.runCount - 2, limit: 1 });
    const latest = run === undefined ? null : await withProcess(reader, run);
    out.push({ ...task, status: statusOf(latest ?? undefined), latest });
  }
  return out;
}

/**
 * The latest run of `task` with its process.
 * @throws INTERNAL when the task has no run (a task is created with its first)
 */
export async function latestRun(reader: StoreReader, task: Task): Promise<TaskRunView> {
  const [run] = await reader.listTaskRuns(task.id, {
    afterIndex: task.runCount - 2,
    limit: 1,
  });
  if (run === undefined)
    throw new LibosError('INTERNAL', `Reading task ${task.id} failed: it has no run`);
  return withProcess(reader, run);
}

async function withProcess(reader: StoreReader, run: TaskRun): Promise<TaskRunView> {
  const process = await reader.getProcess(run.pid);
  if (process === undefined)
    throw new LibosError(
      'STORE_CORRUPT',
      `Reading task ${run.taskId} failed: its run ${run.index} names no process`,
    );
  return { ...run, process };
}

function statusOf(run: TaskRunView | undefined): TaskStatus {
  // A task is created with its first run in one transaction, so this is never reached in use.
  return run === undefined ? 'live' : taskStatus(run.process.state);
}
