// Following up a task: a continuation process with the previous run's image, transcript, memory and authority.
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import type { Pid, TaskId } from '../../base/ids.js';
import { JIT_TABLE_SETTING } from '../../kernel/agent/jit-tool.js';
import type { Actor } from '../../kernel/process/types.js';
import type { Narrowing } from '../../kernel/task/carry-records.js';
import { continuationItems } from '../../kernel/task/continuation-items.js';
import { mayFollowUp } from '../../kernel/task/types.js';
import type { ParsedRecord } from '../authority/capability-ops.js';
import { runCommand, type CommandScope } from '../commands/command-scope.js';
import { passJitTools } from '../commands/pass-jit-tools.js';
import { spawnRootInScope } from '../commands/spawn.js';
import type { RuntimeDeps } from '../deps.js';
import { carryAuthority, type CarriedAuthority } from './carry-authority.js';
import { taintedData } from '../flow/join-into-taint.js';
import { carryMemory } from './carry-memory.js';
import { latestRun, readTaskView, type TaskRunView, type TaskView } from './task-view.js';
import { readTranscript } from '../agent/read-transcript.js';

/** A follow-up as the runtime takes it (checked by the caller: text, records, narrowing). */
export interface FollowUp {
  readonly text: string;
  /** Run on this model from now on (the operator's choice, granted like `spawn({ model })`). */
  readonly model?: string;
  /** The operator's new records for the continuation: the only way to widen its authority. */
  readonly records?: readonly ParsedRecord[];
  readonly narrowing: Narrowing;
}

/** The task after a follow-up, the run it started, and what carried over. */
export interface FollowedUp extends CarriedAuthority {
  readonly task: TaskView;
  readonly run: TaskRunView;
  /** Objects of the previous run's private namespace linked into the new one. */
  readonly objects: number;
}

/**
 * Continues a task whose latest run has ended, in one command (all of it or nothing): spawns a
 * new root with the task's image version, goal, and the previous root's name, working
 * directory, budget limits and budget policy; seeds its transcript with the previous run's
 * (`continuationItems`: its open calls closed, then the follow-up as an input), which the agent
 * loop compacts on its first turn when it is over the context budget; links the previous run's
 * private objects into its namespace (`carryMemory`); carries the previous root's live operator
 * records (`carryAuthority`, narrowed as asked), its JIT tools and its model setting (without
 * granting the model: a revoked model grant stays revoked, unless `model` names one); grants
 * `records`; and records the run. Journals `task.followed-up`.
 * @throws NOT_FOUND (no task); ILLEGAL_TRANSITION (the latest run has not ended, details
 *   `{ task, pid, state }`); NOT_FOUND, INVALID_INPUT, OUT_OF_RANGE (a record or the model)
 */
export async function followUpTask(
  deps: RuntimeDeps,
  input: { readonly task: TaskId } & FollowUp,
  options: { actor: Actor },
): Promise<FollowedUp> {
  const attempted = `Following up task ${input.task}`;
  const made = await runCommand(deps, { actor: options.actor }, async (scope) => {
    const task = await scope.tx.getTask(input.task);
    if (task === undefined)
      throw new LibosError('NOT_FOUND', `${attempted} failed: no such task`, {
        details: { task: input.task },
      });
    const previous = (await latestRun(scope.tx, task)).process;
    const verdict = mayFollowUp(previous.state);
    if (!verdict.ok)
      throw new LibosError(
        'ILLEGAL_TRANSITION',
        `${attempted} failed: its latest run ${previous.pid} is ${verdict.state}; a follow-up continues a task once its latest run has ended (exited, failed or killed): wait for it or kill it`,
        { details: { task: task.id, pid: previous.pid, state: verdict.state } },
      );
    const root = await spawnRootInScope(scope, deps, {
      // The version the previous run was pinned to (an operator may have moved it).
      imageId: task.imageId,
      imageVersion: previous.imageVersion,
      goal: task.goal,
      cwd: previous.cwd,
      budget: previous.budget,
      onBudgetExceeded: previous.onBudgetExceeded,
      // Its memory and JIT tools are the previous run's, as that run left them.
      isSeeded: false,
      ...(previous.name === null ? {} : { name: previous.name }),
      ...(input.model === undefined ? {} : { model: input.model }),
      ...(input.records === undefined ? {} : { records: input.records }),
    });
    const authority = await carryAuthority(scope, deps, {
      from: previous.pid,
      to: root.pid,
      narrowing: input.narrowing,
    });
    const objects = await carryMemory(scope, deps, { from: previous.pid, to: root.pid });
    // The continuation starts from the previous run's transcript: it holds what that run held.
    const taint = await scope.tx.getTaint(previous.pid);
    if (taint !== undefined) {
      await scope.tx.putTaint(root.pid, taint, scope.now);
      scope.journal('flow.tainted', root.pid, {
        ...taintedData(taint, taint),
        inheritedFrom: previous.pid,
      });
    }
    await carrySettings(scope, { from: previous.pid, to: root.pid, model: input.model });
    const items = continuationItems(await readTranscript(scope.tx, previous.pid), {
      ended: previous.state,
      followUp: input.text,
    });
    for (const item of items) await scope.tx.appendTranscript(root.pid, item, { at: scope.now });
    const index = task.runCount;
    await scope.tx.insertTaskRun({
      taskId: task.id,
      index,
      pid: root.pid,
      followUp: input.text,
      createdAt: scope.now,
    });
    scope.journal('task.followed-up', root.pid, {
      task: task.id,
      run: index,
      previousPid: previous.pid,
      followUpSha256: sha256Hex(input.text),
      carried: authority.carried.map((c) => ({ from: c.from, capability: c.to })),
      left: authority.left.map((l) => ({ from: l.from, reason: l.reason })),
      objects,
      transcriptItems: items.length,
    });
    return { task: task.id, root: root.pid, authority, objects };
  });
  const task = await deps.store.read((r) => readTaskView(r, made.task));
  const run = task.runs.find((r) => r.pid === made.root);
  if (run === undefined) throw new LibosError('INTERNAL', `${attempted} failed: the run is gone`);
  return { task, run, ...made.authority, objects: made.objects };
}

/** The model setting (unless the operator chose one) and the JIT tools of the previous run. */
async function carrySettings(
  scope: CommandScope,
  input: { from: Pid; to: Pid; model: string | undefined },
): Promise<void> {
  if (input.model === undefined) {
    const spec = await scope.tx.getSetting(input.from, 'model');
    if (typeof spec === 'string') {
      // The setting only: the authority to call it came with the carried records, or not at all.
      await scope.tx.putSetting(input.to, 'model', spec);
      scope.journal('process.model-set', input.to, { model: spec });
    }
  }
  if ((await scope.tx.getSetting(input.from, JIT_TABLE_SETTING)) !== undefined)
    await passJitTools(scope, { parent: input.from, child: input.to, kind: 'forked' });
}
