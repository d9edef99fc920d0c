// `agent-libos checkpoint create <pid>`: takes a checkpoint of a process's subtree as the operator.
import { parseId } from '../../base/ids.js';
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';

/**
 * Captures `pid`'s subtree in one transaction (through the live runtime's API when one runs:
 * a quantum in flight is captured as runnable, its work after that point not in it). Prints the
 * checkpoint id alone (so `ckpt=$(agent-libos checkpoint create …)` works); `--json`: the
 * checkpoint.
 * @throws INVALID_ID (before opening anything), INVALID_INPUT (name), NOT_FOUND (no database,
 *   no such process), OUT_OF_RANGE (a mailbox too full to capture)
 */
export async function runCheckpointCreate(
  context: CliContext,
  options: { pid: string; name?: string },
): Promise<number> {
  const pid = parseId('process', options.pid);
  const operator = await openOperator(context, { attempted: 'Taking a checkpoint' });
  try {
    const checkpoint = await operator.calls.checkpoints.create(
      pid,
      options.name === undefined ? {} : { name: options.name },
    );
    if (context.json) writeJson(context.io, checkpoint);
    else context.io.stdout(`${checkpoint.id}\n`);
    return 0;
  } finally {
    await operator.close();
  }
}
