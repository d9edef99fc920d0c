// `agent-libos checkpoint diff <id> [<id2>]`: what changed since a checkpoint, read-only.
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import type { ManifestDiff } from '../../kernel/checkpoint/diff-manifests.js';
import type { CliContext } from '../cli-context.js';
import { formatManifestDiff } from '../format/checkpoint-reports.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

/** Options of `checkpoint diff`. */
export interface CheckpointDiffOptions {
  readonly id: string;
  /** A later checkpoint of the same root; absent: the subtree as it is now. */
  readonly to?: string;
  /** `--files`: the workspace files the subtree changed since, as unified diffs (vs now). */
  readonly files?: boolean;
}

/**
 * Prints what differs from checkpoint `id` to checkpoint `to`, or to the subtree now: processes
 * added and removed, each changed process (state, transcript, cwd, image version, unread),
 * records, objects (by version) and requests. `--json`: the diff. Read-only: the subtree now is
 * captured from one read snapshot, so it works while a runtime runs.
 * @throws INVALID_ID (before opening anything), INVALID_INPUT (checkpoints of different roots,
 *   `--files` with a second checkpoint), NOT_FOUND
 */
export async function runCheckpointDiff(
  context: CliContext,
  options: CheckpointDiffOptions,
): Promise<number> {
  const from = parseId('checkpoint', options.id);
  const to = options.to === undefined ? undefined : parseId('checkpoint', options.to);
  if (options.files === true) {
    if (to !== undefined)
      throw new LibosError(
        'INVALID_INPUT',
        'Comparing checkpoints failed: --files compares with the workspace now; name one checkpoint',
        { details: { field: 'to' } },
      );
    const runtime = await openReadRuntime(context);
    try {
      const diffs = await runtime.checkpoints.fileDiff(from);
      if (context.json) writeJson(context.io, diffs);
      else
        context.io.stdout(
          diffs.length === 0
            ? `no file changed by the subtree since ${from}\n`
            : diffs.map((d) => d.diff).join(''),
        );
      return 0;
    } finally {
      await runtime.close();
    }
  }
  const runtime = await openReadRuntime(context);
  let diff: ManifestDiff;
  try {
    diff = await runtime.checkpoints.diff(from, to);
  } finally {
    await runtime.close();
  }
  if (context.json) writeJson(context.io, diff);
  else context.io.stdout(formatManifestDiff(diff, `${from} → ${to ?? 'now'}`));
  return 0;
}
