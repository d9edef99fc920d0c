// `agent-libos image load <dir>`: registers the image version an image package defines.
import { formatImageRef } from '../../kernel/agent/image-ref.js';
import { registerImagePackage, type ImageRegistrar } from '../../packages/load-image-package.js';
import { readImagePackage } from '../../packages/read-image-package.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';

/**
 * Reads the image package in `dir` (IMAGE.yaml, its prompt file, its Skill folders), checking all
 * of it before the database is opened, then registers its image version as the operator — through
 * the live runtime's API when one runs, else on the database. Loading an identical package again
 * changes nothing. Prints `loaded <id>@<version> …` or `… unchanged` (`--json`:
 * `{ status, image, skillDirs }`).
 * @throws NOT_FOUND (no folder, no IMAGE.yaml, no database), INVALID_INPUT (every problem naming
 *   the file and field), ALREADY_EXISTS (a built-in id; that version with other contents)
 */
export async function runImageLoad(context: CliContext, options: { dir: string }): Promise<number> {
  const read = await readImagePackage(options.dir, { cwd: context.cwd });
  const operator = await openOperator(context, { attempted: 'Loading an image package' });
  try {
    const { calls, skills } = operator;
    const registrar: ImageRegistrar = {
      image: (ref) => calls.image(ref),
      registerImage: (image) => calls.registerImage(image),
      ...(skills === undefined ? {} : { skills }),
    };
    const loaded = await registerImagePackage(registrar, read, { shown: options.dir });
    if (context.json) {
      writeJson(context.io, {
        status: loaded.status,
        image: loaded.image,
        skillDirs: loaded.skillDirs,
      });
      return 0;
    }
    const { image } = loaded;
    const ref = printable(formatImageRef(image));
    if (loaded.status === 'unchanged') {
      context.io.stdout(`${ref} is already loaded with these contents: nothing changed\n`);
      return 0;
    }
    const bundled = image.skills?.length ?? 0;
    context.io.stdout(
      `loaded ${ref}: ${count(image.tools.length, 'tool')}, ${count(bundled, 'skill')}; ` +
        `run it with --image ${printable(image.id)} (agents already running stay on their version)\n`,
    );
    return 0;
  } finally {
    await operator.close();
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
