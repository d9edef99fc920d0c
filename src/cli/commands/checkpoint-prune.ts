// `agent-libos checkpoint prune --older-than <duration>`: the retention of checkpoints and pre-images.
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';
import { parseDuration } from '../parse-expiry.js';

/**
 * Removes every checkpoint taken more than `--older-than` ago (through the live runtime's API
 * when one runs) and releases the file pre-images no remaining checkpoint needs. Run it from a
 * timer to keep a retention window. Prints what it removed and released; `--json`: the same.
 * @throws INVALID_INPUT (not a duration, before opening anything)
 */
export async function runCheckpointPrune(
  context: CliContext,
  options: { olderThan: string },
): Promise<number> {
  const olderThanMs = parseDuration(options.olderThan, { option: '--older-than' });
  const operator = await openOperator(context, { attempted: 'Pruning checkpoints' });
  try {
    const result = await operator.calls.checkpoints.prune({ olderThanMs });
    if (context.json) writeJson(context.io, result);
    else
      context.io.stdout(
        `removed ${result.removed.length} checkpoint${result.removed.length === 1 ? '' : 's'}${result.removed.map((id) => `\n  ${id}`).join('')}\nreleased ${result.released} file change${result.released === 1 ? '' : 's'} and the pre-images only they held\n`,
      );
    return 0;
  } finally {
    await operator.close();
  }
}
