// `agent-libos checkpoint restore <id>`: puts a subtree back as a checkpoint captured it.
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import type { CliContext } from '../cli-context.js';
import { formatRestoreReport } from '../format/checkpoint-reports.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';

/** Options of `checkpoint restore`. */
export interface CheckpointRestoreOptions {
  readonly id: string;
  /** `--files`: also put back the workspace files the subtree changed. */
  readonly files?: boolean;
  /** `--force`: with `--files`, overwrite files someone else changed since. */
  readonly force?: boolean;
}

/**
 * Restores the checkpoint's subtree in place, as the operator (through the live runtime's API
 * when one runs), only at a safe point. Prints what it restored, killed, revoked, cancelled,
 * superseded and returned, then lists every external effect made since the checkpoint and every
 * message sent out of the subtree: those are not undone. `--json`: the report.
 * With `--files` the workspace files the subtree changed since go back too, after the state:
 * refused with nothing changed where someone else changed one since (the paths listed), unless
 * `--force`; links, directories and pre-images too large to keep are always left alone.
 * @throws INVALID_ID (before opening anything), INVALID_INPUT (`--force` without `--files`),
 *   NOT_FOUND, ILLEGAL_TRANSITION (a quantum of the subtree runs) (also: a file changed by someone else)
 */
export async function runCheckpointRestore(
  context: CliContext,
  options: CheckpointRestoreOptions,
): Promise<number> {
  const id = parseId('checkpoint', options.id);
  if (options.force === true && options.files !== true)
    throw new LibosError(
      'INVALID_INPUT',
      'Restoring a checkpoint failed: --force applies to --files only',
      { details: { field: 'force' } },
    );
  const operator = await openOperator(context, { attempted: 'Restoring a checkpoint' });
  try {
    const report = await operator.calls.checkpoints.restore(id, {
      files: options.files === true,
      force: options.force === true,
    });
    if (context.json) writeJson(context.io, report);
    else context.io.stdout(formatRestoreReport(report));
    return 0;
  } finally {
    await operator.close();
  }
}
