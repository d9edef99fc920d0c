// `agent-libos checkpoint show <id>`: one checkpoint with a summary of what it holds, read-only.
import { parseId } from '../../base/ids.js';
import type { CliContext } from '../cli-context.js';
import { formatCheckpointView, type CheckpointView } from '../format/checkpoint-table.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

/**
 * Prints a checkpoint (id, name, root, when and by whom, the journal seq it was taken after,
 * what it holds, its manifest hash) and one row per captured process: pid, parent, state,
 * transcript entries, unread messages. `--json`: the checkpoint with `processes`,
 * `capabilities` and `pendingRequests`. Read-only.
 * @throws INVALID_ID (before opening anything), NOT_FOUND (no database, no such checkpoint),
 *   STORE_CORRUPT (a manifest that does not match its hash)
 */
export async function runCheckpointShow(
  context: CliContext,
  options: { id: string },
): Promise<number> {
  const id = parseId('checkpoint', options.id);
  const runtime = await openReadRuntime(context);
  let view: CheckpointView;
  try {
    view = await runtime.checkpoints.get(id);
  } finally {
    await runtime.close();
  }
  if (context.json) writeJson(context.io, view);
  else context.io.stdout(formatCheckpointView(view));
  return 0;
}
