// `agent-libos task start`: starts a task (its first run's root) and runs it like `run`, or detached like `spawn`.
import { LibosError } from '../../base/errors.js';
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';
import type { SpawnFlags } from '../run/parse-spawn-flags.js';
import { runRoot } from '../run/run-root.js';
import { planRoot, resolveRootModel, type RootPlan } from '../run/spawn-root.js';
import type { OperatorCalls } from '../../server/api-client.js';
import type { TaskView } from '../../runtime/tasks/task-view.js';

/** `task start` options: the flags of `run`, and `--detach`. */
export type TaskStartFlags = SpawnFlags & {
  readonly notifyCmd?: string;
  readonly unsandboxedShell?: boolean;
  /** False with `--no-stream`. */
  readonly stream?: boolean;
  readonly detach?: boolean;
};

/**
 * Starts a task from `--image` and `--goal` with the records and model `run` takes: the task
 * pins the image version the reference names now, and its first run's root is spawned as `run`
 * spawns one (the image's default budget). Without `--detach` it runs like `run` (live progress,
 * prompts at a terminal, the summary; `--json` adds `task`; the exit code of the outcome). With
 * `--detach` it only starts it, through a live runtime's API when one runs (which starts it at
 * once), and prints the task id (`--json`: the task with its run and `model`).
 * @throws as `run` (detached: as `spawn`)
 */
export async function runTaskStart(context: CliContext, flags: TaskStartFlags): Promise<number> {
  const plan = await planRoot(context, flags);
  if (flags.detach === true) {
    const operator = await openOperator(context, {
      attempted: 'Starting a task',
      isCreating: true,
    });
    try {
      const { task, model } = await start(operator.calls, plan, context);
      if (context.json) writeJson(context.io, { ...task, model });
      else context.io.stdout(`${task.id}\n`);
      return 0;
    } finally {
      await operator.close();
    }
  }
  return runRoot(context, {
    attempted: 'Starting a task',
    isCreating: true,
    ...(plan.model === null ? {} : { defaultModel: plan.model }),
    ...(plan.request.baseUrl === undefined ? {} : { baseUrl: plan.request.baseUrl }),
    ...(plan.request.maxQuanta === undefined ? {} : { maxQuanta: plan.request.maxQuanta }),
    ...(flags.notifyCmd === undefined ? {} : { notifyCmd: flags.notifyCmd }),
    ...(flags.unsandboxedShell === true ? { unsandboxedShell: true } : {}),
    ...(flags.stream === false ? { stream: false } : {}),
    make: async (runtime) => {
      const { task, model } = await start(runtime, plan, context);
      const root = task.runs[0]?.process;
      if (root === undefined)
        throw new LibosError('INTERNAL', `Starting a task failed: ${task.id} has no run`);
      const about = { task: task.id, root: root.pid, model };
      return {
        root,
        model,
        line: `started ${task.id}: spawned ${root.pid} (${task.imageId}@${task.imageVersion}) on ${model}`,
        about,
        interrupted: about,
      };
    },
  });
}

async function start(
  calls: Pick<OperatorCalls, 'image' | 'tasks'>,
  plan: RootPlan,
  context: CliContext,
): Promise<{ task: TaskView; model: string }> {
  const { request } = plan;
  const { image, model } = await resolveRootModel(calls, plan, { context });
  const task = await calls.tasks.start({
    imageId: request.imageId,
    goal: request.goal,
    budget: image.defaultBudget,
    ...(request.name === undefined ? {} : { name: request.name }),
    model,
    records: request.records,
  });
  return { task, model };
}
