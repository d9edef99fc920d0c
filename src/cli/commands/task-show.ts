// `agent-libos task show <task>`: a task and each of its runs, read-only.
import { parseId } from '../../base/ids.js';
import type { TaskView } from '../../runtime/tasks/task-view.js';
import type { CliContext } from '../cli-context.js';
import { formatTaskView } from '../format/task-table.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

/**
 * Prints a task (id, status, image version, goal, name, creation) and its runs in order: index,
 * pid, state, result (an exit's value, a failure's message), when it started and ended, and the
 * follow-up that started it; then how to continue it. `--json`: the task with `status` and
 * `runs` (each with its `process`). Read-only.
 * @throws INVALID_ID (before opening anything), NOT_FOUND (no database, no such task)
 */
export async function runTaskShow(context: CliContext, options: { task: string }): Promise<number> {
  const id = parseId('task', options.task);
  const runtime = await openReadRuntime(context);
  let task: TaskView;
  try {
    task = await runtime.tasks.get(id);
  } finally {
    await runtime.close();
  }
  if (context.json) writeJson(context.io, task);
  else context.io.stdout(formatTaskView(task));
  return 0;
}
