// Parses YAML (or JSON, which is YAML) text into its contents, with user-facing errors.
import { parse, YAMLParseError } from 'yaml';
import { LibosError } from '../../base/errors.js';

/**
 * The parsed contents of `text`, not yet validated. A syntax error is
 * `INVALID_INPUT: <attempted> failed: not valid YAML: …` with the line at fault in
 * `details.line`.
 */
export function parseYamlText(text: string, options: { attempted: string }): unknown {
  try {
    return parse(text) as unknown;
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const line = error.linePos?.[0].line;
    // The first line of the parser's message says what and where ("… at line 4, column 1:").
    const what = (error.message.split('\n')[0] ?? 'syntax error').replace(/:$/, '');
    throw new LibosError('INVALID_INPUT', `${options.attempted} failed: not valid YAML: ${what}`, {
      details: line === undefined ? {} : { line },
    });
  }
}
