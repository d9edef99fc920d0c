// `agent-libos images list`: the built-in images and every registered image version, read-only.
import { BUILTIN_IMAGES } from '../../kernel/agent/builtin-images.js';
import type { AgentImage } from '../../kernel/agent/types.js';
import type { CliContext } from '../cli-context.js';
import { collectPages } from '../../base/collect-pages.js';
import { formatTable } from '../format/format-table.js';
import { truncate } from '../format/truncate.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

const PAGE = 500;

/**
 * Prints the built-in images, then the registered versions in (id, version) order: id, version,
 * source (`built-in` or `registered`), tool count, default model and description. `--json`: an
 * array of the images, each with `source`. Takes no writer lock, so it works while a runtime runs.
 * @throws NOT_FOUND when there is no database; STORE_CORRUPT
 */
export async function runImageList(context: CliContext): Promise<number> {
  const runtime = await openReadRuntime(context);
  let registered: AgentImage[];
  try {
    registered = await collectPages(
      (after: { id: string; version: number } | undefined, limit) =>
        runtime.images({ limit, ...(after === undefined ? {} : { after }) }),
      (image) => ({ id: image.id, version: image.version }),
      { pageSize: PAGE },
    );
  } finally {
    await runtime.close();
  }
  const images = [
    ...BUILTIN_IMAGES.map((image) => ({ ...image, source: 'built-in' as const })),
    ...registered.map((image) => ({ ...image, source: 'registered' as const })),
  ];
  if (context.json) {
    writeJson(context.io, images);
    return 0;
  }
  const rows = images.map((image) => [
    image.id,
    String(image.version),
    image.source,
    String(image.tools.length),
    truncate(image.defaultModel ?? '-', 32),
    truncate(image.description, 60),
  ]);
  context.io.stdout(
    formatTable(['ID', 'VERSION', 'SOURCE', 'TOOLS', 'MODEL', 'DESCRIPTION'], rows),
  );
  return 0;
}
