// Starting a task: the task record and its first run's root process, in one command.
import { sha256Hex } from '../../base/hash.js';
import type { Actor } from '../../kernel/process/types.js';
import type { Task } from '../../kernel/task/types.js';
import type { ParsedRecord } from '../authority/capability-ops.js';
import { resolveImage } from '../agent/image-registry.js';
import { runCommand } from '../commands/command-scope.js';
import { spawnRootInScope, type SpawnInput } from '../commands/spawn.js';
import type { RuntimeDeps } from '../deps.js';
import { readTaskView, type TaskView } from './task-view.js';

/** What a task starts from: its root's spawn (no parent, no delegated grants). */
export type TaskStart = Omit<SpawnInput, 'grants' | 'jitTools' | 'records'> & {
  readonly records?: readonly ParsedRecord[];
};

/**
 * Creates a task and spawns its first run's root in one command: the image reference is
 * resolved to the version it names now (`base` → `base@1`) and the root runs exactly that
 * version, as every later run of the task will; the root gets the operator's model and records
 * with the spawn. Journals `task.started` beside `process.spawned`.
 * @throws NOT_FOUND (image, an object a record names), INVALID_INPUT (cwd, model),
 *   OUT_OF_RANGE (an expiry in the past)
 */
export async function startTask(
  deps: RuntimeDeps,
  input: TaskStart,
  options: { actor: Actor },
): Promise<TaskView> {
  const id = await runCommand(deps, { actor: options.actor }, async (scope) => {
    const image = await resolveImage(scope.tx, input.imageId);
    const pinned = { imageId: image.id, imageVersion: image.version };
    const root = await spawnRootInScope(scope, deps, {
      ...input,
      ...pinned,
    });
    const task: Task = {
      id: deps.ids.next('task'),
      ...pinned,
      goal: input.goal,
      name: input.name ?? null,
      createdBy: options.actor,
      createdAt: scope.now,
      updatedAt: scope.now,
      runCount: 0,
    };
    await scope.tx.insertTask(task);
    await scope.tx.insertTaskRun({
      taskId: task.id,
      index: 0,
      pid: root.pid,
      followUp: null,
      createdAt: scope.now,
    });
    scope.journal('task.started', root.pid, {
      task: task.id,
      imageId: image.id,
      imageVersion: image.version,
      goalSha256: sha256Hex(input.goal),
    });
    return task.id;
  });
  return deps.store.read((r) => readTaskView(r, id));
}
