// `agent-libos skills list`: the newest version of each registered Skill, read-only.
import type { Skill } from '../../kernel/skill/types.js';
import type { CliContext } from '../cli-context.js';
import { collectPages } from '../../base/collect-pages.js';
import { formatTable } from '../format/format-table.js';
import { printable } from '../format/printable.js';
import { truncate } from '../format/truncate.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

const PAGE = 500;

/**
 * Prints each registered Skill (newest live version) in name order: name, version, file count,
 * total bytes, the snapshot's sha256 (16 characters) and the description. `--json`: the records.
 * Takes no writer lock, so it works while a runtime runs.
 * @throws NOT_FOUND when there is no database; STORE_CORRUPT
 */
export async function runSkillList(context: CliContext): Promise<number> {
  const runtime = await openReadRuntime(context);
  let skills: Skill[];
  try {
    skills = await collectPages(
      (after: string | undefined, limit) =>
        runtime.skills.list({ limit, ...(after === undefined ? {} : { afterName: after }) }),
      (skill) => skill.name,
      { pageSize: PAGE },
    );
  } finally {
    await runtime.close();
  }
  if (context.json) {
    writeJson(context.io, skills);
    return 0;
  }
  if (skills.length === 0) {
    context.io.stdout('no skills registered; add one with agent-libos skills add <dir>\n');
    return 0;
  }
  const rows = skills.map((s) => [
    printable(s.name),
    String(s.version),
    String(s.files.length),
    String(s.files.reduce((sum, f) => sum + f.size, 0)),
    s.sha256.slice(0, 16),
    truncate(printable(s.description), 60),
  ]);
  context.io.stdout(
    formatTable(['NAME', 'VERSION', 'FILES', 'BYTES', 'SHA256', 'DESCRIPTION'], rows),
  );
  return 0;
}
