// `agent-libos task list`: every task with its status and latest run, read-only.
import type { TaskId } from '../../base/ids.js';
import type { TaskSummary } from '../../runtime/tasks/task-view.js';
import type { CliContext } from '../cli-context.js';
import { collectPages } from '../../base/collect-pages.js';
import { formatTaskTable } from '../format/task-table.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

const PAGE = 500;

/**
 * Prints every task (paged by id): id, status (its latest run's: `live`, `exited`, `failed`,
 * `killed`), how many runs, the latest run's pid and state, name, image version and goal.
 * `--json`: the tasks, each with `status` and `latest` (the run with its process). Takes no
 * writer lock, so it works while a runtime runs.
 * @throws NOT_FOUND when there is no database; STORE_CORRUPT
 */
export async function runTaskList(context: CliContext): Promise<number> {
  const runtime = await openReadRuntime(context);
  let tasks: TaskSummary[];
  try {
    tasks = await collectPages(
      (afterId: TaskId | undefined, limit) =>
        runtime.tasks.list({ limit, ...(afterId === undefined ? {} : { afterId }) }),
      (task) => task.id,
      { pageSize: PAGE },
    );
  } finally {
    await runtime.close();
  }
  if (context.json) writeJson(context.io, tasks);
  else if (tasks.length === 0)
    context.io.stdout('no tasks (start one with `agent-libos task start --image … --goal …`)\n');
  else context.io.stdout(formatTaskTable(tasks));
  return 0;
}
