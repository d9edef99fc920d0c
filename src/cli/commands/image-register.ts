// `agent-libos images register <file>`: registers an agent image version from a YAML or JSON file.
import { resolve } from 'node:path';
import { LibosError } from '../../base/errors.js';
import type { AgentImage } from '../../kernel/agent/types.js';
import { formatIssuePath } from '../../models/shared/format-issue-path.js';
import { readYamlFile } from '../../models/shared/read-yaml-file.js';
import { imageSchema } from '../../syscalls/image/image-schema.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openWriteRuntime } from '../open-write-runtime.js';

const MAX_REPORTED_ISSUES = 5;

/**
 * Reads `file` (YAML or JSON, relative to the current directory), checks it against the image
 * schema image.register uses, and registers it as the operator (a new id, or a new version of
 * a registered one; tool names must exist). The file is checked before the database is opened.
 * Prints `registered <id>@<version>` (`--json`: the image).
 * @throws INVALID_INPUT (unreadable, not YAML, not an image: with the field path; unknown tool;
 *   bad id); NOT_FOUND (no such file, no database); ALREADY_EXISTS (that version, a built-in
 *   id); STORE_LOCKED
 */
export async function runImageRegister(
  context: CliContext,
  options: { file: string },
): Promise<number> {
  const image = await readImageFile(resolve(context.cwd, options.file), options.file);
  const runtime = await openWriteRuntime(context, { attempted: 'Registering an image' });
  try {
    const registered = await runtime.registerImage(image);
    if (context.json) writeJson(context.io, registered);
    else
      context.io.stdout(
        `registered ${printable(registered.id)}@${registered.version}; run it with --image ${printable(registered.id)}\n`,
      );
    return 0;
  } finally {
    await runtime.close();
  }
}

async function readImageFile(path: string, shown: string): Promise<AgentImage> {
  const attempted = `Reading image file ${JSON.stringify(shown)}`;
  const contents = await readYamlFile(path, { attempted });
  const result = imageSchema.safeParse(contents);
  if (!result.success) {
    const issues = result.error.issues;
    const listed = issues
      .slice(0, MAX_REPORTED_ISSUES)
      .map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
    if (issues.length > MAX_REPORTED_ISSUES)
      listed.push(`and ${issues.length - MAX_REPORTED_ISSUES} more`);
    const first = issues[0];
    throw new LibosError('INVALID_INPUT', `${attempted} failed: ${listed.join('; ')}`, {
      details: { field: first === undefined ? '(root)' : formatIssuePath(first.path) },
    });
  }
  return result.data as AgentImage;
}
