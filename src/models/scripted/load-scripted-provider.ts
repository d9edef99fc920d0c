// Reads a scripted model file (YAML or JSON) and builds the scripted ModelProvider from it.
import type { ModelProvider } from '../../ports/model-provider.js';
import { createScriptedProvider } from './create-scripted-provider.js';
import { readScriptedFile } from './read-scripted-file.js';
import type { ScriptedModelFile } from './scripted-script.js';

/**
 * The scripted provider for the file at `path` (resolved against `cwd`), with id
 * `scripted:<path as given>`. YAML and JSON are both read by the YAML parser (JSON is YAML).
 * Messages name the path as given, never the resolved host path.
 * @throws NOT_FOUND for a missing file; INVALID_INPUT for unreadable, unparseable or invalid
 *   contents (with the line, or the field path, at fault).
 * @example
 * const model = await loadScriptedProvider('demo.yaml', { cwd: process.cwd() });
 */
export async function loadScriptedProvider(
  path: string,
  options: { readonly cwd?: string } = {},
): Promise<ModelProvider> {
  const contents = await readScriptedFile(path, options);
  // The contents are validated by createScriptedProvider; the cast only names the expected shape.
  return createScriptedProvider(contents as ScriptedModelFile, { id: `scripted:${path}` });
}
