// Reads a scripted model file (YAML or JSON) and builds the scripted ModelProvider from it.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { LibosError } from '../../base/errors.js';
import type { ModelProvider } from '../../ports/model-provider.js';
import { createScriptedProvider } from './create-scripted-provider.js';
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
  const id = `scripted:${path}`;
  const attempted = `Reading scripted model ${id}`;
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
  let contents: unknown;
  try {
    contents = parse(text);
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const line = error.linePos?.[0].line;
    // The first line of the parser's message says what and where ("… at line 4, column 1:").
    const what = (error.message.split('\n')[0] ?? 'syntax error').replace(/:$/, '');
    throw new LibosError('INVALID_INPUT', `${attempted} failed: not valid YAML: ${what}`, {
      details: line === undefined ? {} : { line },
    });
  }
  // The contents are validated by createScriptedProvider; the cast only names the expected shape.
  return createScriptedProvider(contents as ScriptedModelFile, { id });
}
