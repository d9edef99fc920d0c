// `agent-libos skills show <name>[@N]`: one Skill snapshot, or one of its files with --file.
import { decodeUtf8 } from '../../base/decode-utf8.js';
import type { CliContext } from '../cli-context.js';
import { formatTable } from '../format/format-table.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

/** Raw `skills show` arguments. */
export interface SkillShowOptions {
  /** `name` for the newest version, `name@N` for version N. */
  readonly ref: string;
  /** A file of the snapshot to print instead of the summary. */
  readonly file?: string;
}

/**
 * Prints a Skill version: name@version, snapshot sha256, who registered it and when, whether it
 * was removed, the description, the other front-matter fields, and its files (path, bytes,
 * sha256). With `--file PATH` it prints that file of the version's snapshot (text with
 * control characters escaped; non-UTF-8 as base64 with a note). `--json`: the record (with
 * `--file`: `{ skill, version, path, sha256, encoding, content }`). Read-only.
 * @throws INVALID_INPUT (name, version, path), NOT_FOUND, STORE_CORRUPT
 */
export async function runSkillShow(
  context: CliContext,
  options: SkillShowOptions,
): Promise<number> {
  const runtime = await openReadRuntime(context);
  try {
    if (options.file !== undefined) {
      const { skill, file, bytes } = await runtime.skills.readFile(options.ref, options.file);
      const text = decodeUtf8(bytes);
      if (context.json)
        writeJson(context.io, {
          skill: skill.name,
          version: skill.version,
          path: file.path,
          sha256: file.sha256,
          encoding: text === null ? 'base64' : 'utf8',
          content: text ?? Buffer.from(bytes).toString('base64'),
        });
      else if (text === null) {
        context.io.stderr('the file is not UTF-8 text; shown as base64\n');
        context.io.stdout(`${Buffer.from(bytes).toString('base64')}\n`);
      } else context.io.stdout(printable(text, { lines: 'keep' }));
      return 0;
    }
    const skill = await runtime.skills.show(options.ref);
    if (context.json) {
      writeJson(context.io, skill);
      return 0;
    }
    const lines = [
      `${printable(skill.name)}@${skill.version}${skill.removedAt === null ? '' : ' (removed)'}`,
      `sha256       ${skill.sha256}`,
      `registered   ${new Date(skill.createdAt).toISOString()} by ${printable(skill.registeredBy)}`,
      `description  ${printable(skill.description)}`,
      ...Object.entries(skill.metadata).map(
        ([key, value]) => `${printable(key).padEnd(12)} ${printable(JSON.stringify(value))}`,
      ),
      '',
    ];
    context.io.stdout(lines.join('\n'));
    context.io.stdout(
      formatTable(
        ['PATH', 'BYTES', 'SHA256'],
        skill.files.map((f) => [printable(f.path), String(f.size), f.sha256.slice(0, 16)]),
      ),
    );
    return 0;
  } finally {
    await runtime.close();
  }
}
