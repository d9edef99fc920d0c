// `agent-libos image show <id>[@N]`: one image version in full, with the versions of its id.
import { LibosError } from '../../base/errors.js';
import { BUILTIN_IMAGES } from '../../kernel/agent/builtin-images.js';
import { findBuiltinImage } from '../../kernel/agent/find-builtin-image.js';
import { formatImageRef, parseImageRef } from '../../kernel/agent/image-ref.js';
import type { AgentImage } from '../../kernel/agent/types.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

const PAGE = 500;

/**
 * Prints image `ref` (`id`: its newest version; `id@N`: version N), built-in or registered: id and
 * version, source, every version of the id, description, default model, default budget, tools,
 * declared requirements, Skills, a committed image's JIT tools and objects, and the system
 * prompt (quoted line by line). `--json`: the image with `source` and `versions`. Read-only:
 * works while a runtime runs.
 * @throws INVALID_INPUT (a malformed reference), NOT_FOUND (no such image, no database)
 */
export async function runImageShow(context: CliContext, options: { ref: string }): Promise<number> {
  const parsed = parseImageRef(options.ref.trim());
  if (!parsed.ok)
    throw new LibosError(
      'INVALID_INPUT',
      `Showing image ${JSON.stringify(options.ref.slice(0, 80))} failed: ${parsed.reason}`,
    );
  const runtime = await openReadRuntime(context);
  let image: AgentImage;
  let versions: number[];
  try {
    image = await runtime.image(options.ref.trim());
    versions = await versionsOf(runtime, image.id);
  } finally {
    await runtime.close();
  }
  const source = findBuiltinImage({ id: image.id }) === undefined ? 'registered' : 'built-in';
  if (context.json) {
    writeJson(context.io, { ...image, source, versions });
    return 0;
  }
  const newest = versions.at(-1);
  const lines = [
    `${printable(formatImageRef(image))} (${source})`,
    `versions      ${versions.join(', ')}${newest === image.version ? ' (this is the newest)' : ` (newest: ${newest})`}`,
    `description   ${printable(image.description)}`,
    `model         ${printable(image.defaultModel ?? '-')}`,
    `budget        ${describeBudget(image)}`,
    `tools         ${image.tools.length === 0 ? '-' : image.tools.join(', ')}`,
    `requirements  ${image.requirements.length === 0 ? '-' : ''}`,
    ...image.requirements.map(
      (r) => `  ${printable(r.resource)} ${r.rights.join(',')}: ${printable(r.why)}`,
    ),
    `skills        ${image.skills === undefined || image.skills.length === 0 ? '-' : image.skills.join(', ')}`,
    ...(image.jitTools === undefined
      ? []
      : [`jit tools     ${image.jitTools.map((t) => printable(t.name)).join(', ')}`]),
    ...(image.objects === undefined
      ? []
      : [
          `objects       ${image.objects.map((o) => `${printable(o.name)} (${printable(o.type)}, ${o.source})`).join(', ')}`,
        ]),
    'system prompt',
    printable(image.systemPrompt, { lines: 'quote' }),
  ];
  context.io.stdout(`${lines.map((l) => l.trimEnd()).join('\n')}\n`);
  return 0;
}

/** Every version of `id`, ascending: the built-in ones, or the registered ones. */
async function versionsOf(runtime: Runtime, id: string): Promise<number[]> {
  const builtin = BUILTIN_IMAGES.filter((b) => b.id === id).map((b) => b.version);
  if (builtin.length > 0) return builtin.sort((a, b) => a - b);
  const versions: number[] = [];
  for (let after = { id, version: 0 }; ;) {
    const page = await runtime.images({ after, limit: PAGE });
    const mine = page.filter((image) => image.id === id);
    versions.push(...mine.map((image) => image.version));
    const last = page.at(-1);
    if (mine.length < page.length || page.length < PAGE || last === undefined) return versions;
    after = { id, version: last.version };
  }
}

function describeBudget(image: AgentImage): string {
  const parts = Object.entries(image.defaultBudget).map(([k, v]) => `${k} ${v}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}
