// Reads a YAML (or JSON, which is YAML) file into its parsed contents, with user-facing errors.
import { readFile } from 'node:fs/promises';
import { LibosError } from '../../base/errors.js';
import { parseYamlText } from './parse-yaml-text.js';

/**
 * The parsed contents of the file at `path` (absolute), not yet validated. Errors say
 * `<attempted> failed: …` and never name the host path, so the caller names the file as given.
 * @throws NOT_FOUND for a missing file; INVALID_INPUT for a directory, an unreadable file or
 *   broken YAML (with the line at fault in `details.line`)
 */
export async function readYamlFile(path: string, options: { attempted: string }): Promise<unknown> {
  const { attempted } = options;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new LibosError('NOT_FOUND', `${attempted} failed: no such file`);
    if (code === 'EISDIR')
      throw new LibosError('INVALID_INPUT', `${attempted} failed: a directory`);
    throw new LibosError('INVALID_INPUT', `${attempted} failed: the file cannot be read`);
  }
  return parseYamlText(text, { attempted });
}
