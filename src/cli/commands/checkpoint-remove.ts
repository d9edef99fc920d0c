// `agent-libos checkpoint rm <id>`: removes a checkpoint; what it captured stays where it is.
import { parseId } from '../../base/ids.js';
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';

/**
 * Removes the checkpoint as the operator (through the live runtime's API when one runs). The
 * processes, objects and records it referred to are not touched. Prints `removed <id>`;
 * `--json`: `{ removed }`.
 * @throws INVALID_ID (before opening anything), NOT_FOUND
 */
export async function runCheckpointRemove(
  context: CliContext,
  options: { id: string },
): Promise<number> {
  const id = parseId('checkpoint', options.id);
  const operator = await openOperator(context, { attempted: 'Removing a checkpoint' });
  try {
    await operator.calls.checkpoints.remove(id);
    if (context.json) writeJson(context.io, { removed: id });
    else context.io.stdout(`removed ${id}\n`);
    return 0;
  } finally {
    await operator.close();
  }
}
