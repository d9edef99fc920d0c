// `agent-libos skills add <dir>`: registers a Skill folder as the operator.
import { resolve } from 'node:path';
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openWriteRuntime } from '../open-write-runtime.js';

/**
 * Snapshots the folder `dir` (relative to the current directory) and registers it as the next
 * version of the Skill its SKILL.md names; prints `registered <name>@<version>` with the file
 * count and snapshot hash and the grant to give, or `unchanged` when the content equals the
 * newest version. `--json`: `{ created, skill }`.
 * @throws NOT_FOUND (no folder, no database); INVALID_INPUT (SKILL.md or front matter, naming the
 *   file and field; a link or special file inside); OUT_OF_RANGE (limits); STORE_LOCKED
 */
export async function runSkillAdd(context: CliContext, options: { dir: string }): Promise<number> {
  const runtime = await openWriteRuntime(context, { attempted: 'Registering a skill' });
  try {
    const { skill, created } = await runtime.skills.register(resolve(context.cwd, options.dir), {
      shown: options.dir,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    });
    if (context.json) writeJson(context.io, { created, skill });
    else {
      const bytes = skill.files.reduce((sum, f) => sum + f.size, 0);
      const name = printable(skill.name);
      context.io.stdout(
        created
          ? `registered ${name}@${skill.version}: ${skill.files.length} files, ${bytes} bytes, sha256 ${skill.sha256.slice(0, 16)}; grant it with --grant 'skill:${name}=read,activate'\n`
          : `unchanged: ${name}@${skill.version} already has this content (sha256 ${skill.sha256.slice(0, 16)})\n`,
      );
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
