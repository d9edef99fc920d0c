// `agent-libos spawn`: creates a root agent with its capability records and model, runs nothing.
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';
import type { SpawnFlags } from '../run/parse-spawn-flags.js';
import { planRoot, spawnRoot } from '../run/spawn-root.js';

/**
 * Does what `run` does before running: checks the flags and model, spawns the root from
 * `--image` with `--goal`, grants its records and remembers its model. Prints the pid alone (so
 * `pid=$(agent-libos spawn …)` works); `--json`: `{ process, model }`. While a runtime is live
 * (`serve`, a `run` or `resume`) the spawn goes through its API and the process starts at once;
 * otherwise start it with `resume`.
 * @throws as `run`, except CANCELLED
 */
export async function runProcessSpawn(context: CliContext, flags: SpawnFlags): Promise<number> {
  const plan = await planRoot(context, flags);
  const operator = await openOperator(context, {
    attempted: 'Spawning an agent',
    isCreating: true,
  });
  try {
    const { root, model } = await spawnRoot(operator.calls, plan, { context });
    if (context.json) writeJson(context.io, { process: await operator.calls.get(root.pid), model });
    else context.io.stdout(`${root.pid}\n`);
    return 0;
  } finally {
    await operator.close();
  }
}
