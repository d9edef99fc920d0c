// `agent-libos checkpoint list`: every checkpoint (of one root when asked), read-only.
import { parseId } from '../../base/ids.js';
import type { Checkpoint, CheckpointId } from '../../kernel/checkpoint/types.js';
import type { CliContext } from '../cli-context.js';
import { collectPages } from '../../base/collect-pages.js';
import { formatCheckpointTable } from '../format/checkpoint-table.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

const PAGE = 500;

/** Options of `checkpoint list`. */
export interface CheckpointListOptions {
  /** Only checkpoints whose root is this process. */
  readonly root?: string;
}

/**
 * Prints every checkpoint (paged by id): id, root, name, processes, objects, when and by whom.
 * `--json`: the checkpoints. Takes no writer lock, so it works while a runtime runs.
 * @throws INVALID_ID (`--root`, before opening anything), NOT_FOUND (no database)
 */
export async function runCheckpointList(
  context: CliContext,
  options: CheckpointListOptions,
): Promise<number> {
  const rootPid = options.root === undefined ? undefined : parseId('process', options.root);
  const runtime = await openReadRuntime(context);
  let checkpoints: Checkpoint[];
  try {
    checkpoints = await collectPages(
      (afterId: CheckpointId | undefined, limit) =>
        runtime.checkpoints.list({
          limit,
          ...(rootPid === undefined ? {} : { rootPid }),
          ...(afterId === undefined ? {} : { afterId }),
        }),
      (checkpoint) => checkpoint.id,
      { pageSize: PAGE },
    );
  } finally {
    await runtime.close();
  }
  if (context.json) writeJson(context.io, checkpoints);
  else if (checkpoints.length === 0)
    context.io.stdout('no checkpoints (take one with `agent-libos checkpoint create <pid>`)\n');
  else context.io.stdout(formatCheckpointTable(checkpoints));
  return 0;
}
