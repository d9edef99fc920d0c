// `agent-libos image commit <checkpoint> --as <image>@<version>`: a checkpoint baked into an image.
import { parseId } from '../../base/ids.js';
import { formatImageRef } from '../../kernel/agent/image-ref.js';
import { parseCommitTarget } from '../../runtime/checkpoints/commit-image.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';

/**
 * Registers `--as` (`id@N`, the version named) as a new image version baked from the
 * checkpoint's root as captured: its image's prompt and tools, its JIT tools, its objects by
 * reference (each process spawned from the image starts with them). Authority is never baked
 * in: what the root held becomes declared requirements, granted by nobody. Through the live
 * runtime's API when one runs. Prints what the image carries; `--json`: the image.
 * @throws INVALID_ID, INVALID_INPUT (no version, a bad id; both before opening anything),
 *   NOT_FOUND, ALREADY_EXISTS (that version, a built-in id), OUT_OF_RANGE (too many objects)
 */
export async function runImageCommit(
  context: CliContext,
  options: { checkpoint: string; as: string },
): Promise<number> {
  const checkpoint = parseId('checkpoint', options.checkpoint);
  const target = parseCommitTarget(options.as);
  const operator = await openOperator(context, { attempted: 'Committing a checkpoint' });
  try {
    const image = await operator.calls.checkpoints.commitImage(checkpoint, {
      as: formatImageRef(target),
    });
    if (context.json) {
      writeJson(context.io, image);
      return 0;
    }
    const held = image.requirements.filter((r) => r.why.startsWith('held by '));
    context.io.stdout(
      [
        `registered ${printable(formatImageRef(image))} from ${checkpoint}`,
        `tools         ${image.tools.length === 0 ? '-' : image.tools.join(', ')}`,
        `jit tools     ${(image.jitTools ?? []).map((t) => printable(t.name)).join(', ') || '-'}`,
        `objects       ${(image.objects ?? []).map((o) => printable(o.name)).join(', ') || '-'}`,
        `requirements  ${image.requirements.length} declared (${held.length} from records held at the checkpoint; nothing is granted)`,
        `run it with --image ${printable(formatImageRef(image))}`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await operator.close();
  }
}
