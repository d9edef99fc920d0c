// `agent-libos task follow-up <task> <text>`: continues a finished task with a new run, like `run` or detached.
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';
import { checkModelSpec } from '../run/check-model-spec.js';
import {
  parseFollowUpFlags,
  type FollowUpFlags,
  type FollowUpRequest,
} from '../run/parse-follow-up-flags.js';
import { runRoot } from '../run/run-root.js';
import type { OperatorCalls } from '../../server/api-client.js';
import type { FollowedUp } from '../../runtime/tasks/follow-up-task.js';

/** `task follow-up` options as commander parsed them. */
export type TaskFollowUpFlags = FollowUpFlags & {
  readonly notifyCmd?: string;
  readonly unsandboxedShell?: boolean;
  /** False with `--no-stream`. */
  readonly stream?: boolean;
};

/**
 * Follows up a task whose latest run has ended: a new run with the task's image version, the
 * previous run's transcript (then `text`), its Object Memory and the previous root's live
 * operator records — minus `--drop`, within `--only`, plus `--grant`/`--ask`/`--deny` (the only
 * way to widen); `--model` switches the model (and grants it). Without `--detach` it runs the
 * new run like `run` (`--json` adds `task`, `run`, `carried`, `left`, `objects`); with
 * `--detach` it only creates it (through a live runtime's API when one runs) and prints the new
 * run's pid (`--json`: `{ task, run, carried, left, objects }`).
 * @throws INVALID_ID, INVALID_INPUT, OUT_OF_RANGE (before opening anything); NOT_FOUND (no
 *   database, no task); ILLEGAL_TRANSITION (the latest run has not ended); STORE_LOCKED
 */
export async function runTaskFollowUp(
  context: CliContext,
  options: { task: string; text: string; flags: TaskFollowUpFlags },
): Promise<number> {
  const { flags } = options;
  const request = parseFollowUpFlags(options, { now: context.clock.now() });
  const via = request.baseUrl === undefined ? {} : { baseURL: request.baseUrl };
  const model =
    request.model === undefined
      ? undefined
      : await checkModelSpec(request.model, { env: context.env, cwd: context.cwd, ...via });
  if (flags.detach === true) {
    const operator = await openOperator(context, { attempted: 'Following up a task' });
    try {
      const followed = await followUp(operator.calls, request, model);
      if (context.json) writeJson(context.io, followed);
      else context.io.stdout(`${followed.run.pid}\n`);
      return 0;
    } finally {
      await operator.close();
    }
  }
  const fromEnv = context.env.AGENT_LIBOS_MODEL;
  const defaultModel = model ?? (fromEnv?.trim() === '' ? undefined : fromEnv);
  return runRoot(context, {
    attempted: 'Following up a task',
    isCreating: false,
    ...(defaultModel === undefined ? {} : { defaultModel }),
    ...(request.baseUrl === undefined ? {} : { baseUrl: request.baseUrl }),
    ...(request.maxQuanta === undefined ? {} : { maxQuanta: request.maxQuanta }),
    ...(flags.notifyCmd === undefined ? {} : { notifyCmd: flags.notifyCmd }),
    ...(flags.unsandboxedShell === true ? { unsandboxedShell: true } : {}),
    ...(flags.stream === false ? { stream: false } : {}),
    make: async (runtime) => {
      const followed = await followUp(runtime, request, model);
      const root = followed.run.process;
      const spec = (await runtime.modelOf(root.pid)) ?? defaultModel ?? '(none)';
      return {
        root,
        model: spec,
        line: describeFollowUp(followed, spec),
        about: {
          task: followed.task.id,
          run: followed.run.index,
          root: root.pid,
          model: spec,
          carried: followed.carried,
          left: followed.left,
          objects: followed.objects,
        },
        interrupted: { task: followed.task.id, root: root.pid, model: spec },
      };
    },
  });
}

function followUp(
  calls: Pick<OperatorCalls, 'tasks'>,
  request: FollowUpRequest,
  model: string | undefined,
): Promise<FollowedUp> {
  return calls.tasks.followUp(request.task, {
    text: request.text,
    records: request.records,
    drop: request.drop,
    ...(request.only === undefined ? {} : { only: request.only }),
    ...(model === undefined ? {} : { model }),
  });
}

/** `followed up task_… (run 2): proc_… on <model>; carried 3 records (not carried: cap_… spent), linked 2 objects`. */
function describeFollowUp(followed: FollowedUp, model: string): string {
  // Lineage records are made afresh for every process: only the operator's left ones are news.
  const left = followed.left.filter((l) => l.reason !== 'not-operator');
  const said =
    left.length === 0
      ? ''
      : ` (not carried: ${left.map((l) => `${l.from} ${l.reason}`).join(', ')})`;
  return (
    `followed up ${followed.task.id} (run ${followed.run.index}): ${followed.run.pid} on ${printable(model)}; ` +
    `carried ${followed.carried.length} record${followed.carried.length === 1 ? '' : 's'}${said}, ` +
    `linked ${followed.objects} object${followed.objects === 1 ? '' : 's'}`
  );
}
