// `agent-libos skills rm <name>`: removes a Skill as the operator.
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openWriteRuntime } from '../open-write-runtime.js';

/**
 * Removes the Skill `name` (every version): no process lists, activates or reads it afterwards;
 * its versions stay readable with `skills show <name>@N`. Prints `removed <name>`; `--json`:
 * `{ name, versions }`.
 * @throws INVALID_INPUT (not a name), NOT_FOUND (no live Skill), STORE_LOCKED
 */
export async function runSkillRemove(
  context: CliContext,
  options: { name: string },
): Promise<number> {
  const runtime = await openWriteRuntime(context, { attempted: 'Removing a skill' });
  try {
    const versions = await runtime.skills.remove(options.name);
    if (context.json) writeJson(context.io, { name: options.name, versions });
    else
      context.io.stdout(
        `removed ${printable(options.name)} (${versions} version${versions === 1 ? '' : 's'})\n`,
      );
    return 0;
  } finally {
    await runtime.close();
  }
}
