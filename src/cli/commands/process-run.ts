// `agent-libos run`: spawns one root agent and runs until everything ended or waits on a human.
import { formatImageRef } from '../../kernel/agent/image-ref.js';
import type { CliContext } from '../cli-context.js';
import type { SpawnFlags } from '../run/parse-spawn-flags.js';
import { runRoot } from '../run/run-root.js';
import { planRoot, spawnRoot } from '../run/spawn-root.js';

/**
 * Spawns a root process from `--image` with `--goal`, grants its `--grant`/`--ask`/`--deny`
 * records, remembers its `--model`, and runs the runtime until every process has ended or waits
 * on a human (timers are waited for; `--max-quanta` stops it early). At a terminal it prompts
 * for pending approvals and questions and goes on after each round of decisions, printing live
 * progress (on a TTY the model's text as it streams, unless `--no-stream`); without one it
 * leaves them pending. Warns (stderr; `--json`: `warnings`) when a
 * scripted model has no entry for the root. While it runs, its API listens on the Unix socket in
 * the state directory, so operator commands reach it; `--notify-cmd` runs a command for each new
 * request. Ends with a summary that lists every call denied, failed or blocked (`--json`: one
 * object `{ root, model, warnings, outcome, message, quanta, decided, processes, pending,
 * flagged }`). Exits with the outcome's code (`RUN_EXIT_CODES`): 0 when every process ended, 20
 * waiting on a human, 21 stopped by `--max-quanta`, 22 idle with live processes; on Ctrl-C the
 * quanta in flight yield, the runtime closes, and it prints how to resume and exits 130.
 * @throws INVALID_INPUT, OUT_OF_RANGE (bad flags, bad or keyless model, no model); NOT_FOUND
 *   (unknown image, missing script); STORE_LOCKED
 */
export async function runProcessRun(
  context: CliContext,
  flags: SpawnFlags & {
    readonly notifyCmd?: string;
    readonly unsandboxedShell?: boolean;
    /** False with `--no-stream`. */
    readonly stream?: boolean;
  },
): Promise<number> {
  const plan = await planRoot(context, flags);
  return runRoot(context, {
    attempted: 'Running an agent',
    isCreating: true,
    ...(plan.model === null ? {} : { defaultModel: plan.model }),
    ...(plan.request.baseUrl === undefined ? {} : { baseUrl: plan.request.baseUrl }),
    ...(plan.request.maxQuanta === undefined ? {} : { maxQuanta: plan.request.maxQuanta }),
    ...(flags.notifyCmd === undefined ? {} : { notifyCmd: flags.notifyCmd }),
    ...(flags.unsandboxedShell === true ? { unsandboxedShell: true } : {}),
    ...(flags.stream === false ? { stream: false } : {}),
    make: async (runtime) => {
      const { root, model } = await spawnRoot(runtime, plan, { context });
      const about = { root: root.pid, model };
      return {
        root,
        model,
        line: `spawned ${root.pid} (${formatImageRef({ id: root.imageId, version: root.imageVersion })}) on ${model}`,
        about,
        interrupted: about,
      };
    },
  });
}
