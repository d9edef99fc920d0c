// Reads a scripted model file (YAML or JSON) into its parsed, not yet validated, contents.
import { resolve } from 'node:path';
import { readYamlFile } from '../shared/read-yaml-file.js';

/**
 * The parsed contents of the file at `path` (resolved against `cwd`); validate them with
 * parseScriptedScript. Messages name the path as given, never the resolved host path.
 * @throws NOT_FOUND for a missing file; INVALID_INPUT for an unreadable file or broken YAML
 *   (with the line at fault)
 */
export function readScriptedFile(
  path: string,
  options: { readonly cwd?: string } = {},
): Promise<unknown> {
  return readYamlFile(resolve(options.cwd ?? '.', path), {
    attempted: `Reading scripted model scripted:${path}`,
  });
}
