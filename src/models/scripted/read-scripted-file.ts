// Reads a scripted model file (YAML or JSON) into its parsed, not yet validated, contents.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { LibosError } from '../../base/errors.js';

/**
 * The parsed contents of the file at `path` (resolved against `cwd`); validate them with
 * parseScriptedScript. Messages name the path as given, never the resolved host path.
 * @throws NOT_FOUND for a missing file; INVALID_INPUT for an unreadable file or broken YAML
 *   (with the line at fault)
 */
export async function readScriptedFile(
  path: string,
  options: { readonly cwd?: string } = {},
): Promise<unknown> {
  const attempted = `Reading scripted model scripted:${path}`;
  let text: string;
  try {
    text = await readFile(resolve(options.cwd ?? '.', path), 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new LibosError('NOT_FOUND', `${attempted} failed: no such file`);
    if (code === 'EISDIR')
      throw new LibosError('INVALID_INPUT', `${attempted} failed: a directory`);
    throw new LibosError('INVALID_INPUT', `${attempted} failed: the file cannot be read`);
  }
  try {
    return parse(text) as unknown;
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const line = error.linePos?.[0].line;
    // The first line of the parser's message says what and where ("… at line 4, column 1:").
    const what = (error.message.split('\n')[0] ?? 'syntax error').replace(/:$/, '');
    throw new LibosError('INVALID_INPUT', `${attempted} failed: not valid YAML: ${what}`, {
      details: line === undefined ? {} : { line },
    });
  }
}
