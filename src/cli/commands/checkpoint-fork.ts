// `agent-libos checkpoint fork <id>`: a new, isolated subtree from a checkpoint.
import { parseId } from '../../base/ids.js';
import type { CliContext } from '../cli-context.js';
import { formatForkReport } from '../format/checkpoint-reports.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';

/**
 * Forks the checkpoint as the operator (through the live runtime's API when one runs; the new
 * processes then start at once): new pids, namespaces and leases, the original untouched.
 * Prints the new root, each pid's copy and what came along. `--json`: the report.
 * @throws INVALID_ID (before opening anything), NOT_FOUND
 */
export async function runCheckpointFork(
  context: CliContext,
  options: { id: string },
): Promise<number> {
  const id = parseId('checkpoint', options.id);
  const operator = await openOperator(context, { attempted: 'Forking a checkpoint' });
  try {
    const report = await operator.calls.checkpoints.fork(id);
    if (context.json) writeJson(context.io, report);
    else context.io.stdout(formatForkReport(report));
    return 0;
  } finally {
    await operator.close();
  }
}
