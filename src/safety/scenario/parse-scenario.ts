// Parses one scenario's YAML text and validates it against the closed schema, naming every problem's path.
import { parse, YAMLParseError } from 'yaml';
import { LibosError } from '../../base/errors.js';
import { formatIssuePath } from '../../models/shared/format-issue-path.js';
import { scenarioSchema, type Scenario } from './scenario-schema.js';

const MAX_REPORTED_ISSUES = 8;

/**
 * The validated scenario in `text` (YAML; JSON is YAML too).
 * @throws INVALID_INPUT listing each problem as `path: what is wrong`, e.g.
 *   `effects.forbidden[0].fs.match: match must be one of exact, prefix, glob (got "regex")`;
 *   broken YAML names the line.
 * @example
 * const scenario = parseScenario(await readFile(file, 'utf8'), { source: file });
 */
export function parseScenario(text: string, options: { readonly source: string }): Scenario {
  const attempted = `Reading scenario ${options.source}`;
  let contents: unknown;
  try {
    contents = parse(text);
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const what = (error.message.split('\n')[0] ?? 'syntax error').replace(/:$/, '');
    throw new LibosError('INVALID_INPUT', `${attempted} failed: not valid YAML: ${what}`);
  }
  const result = scenarioSchema.safeParse(contents);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const listed = issues
    .slice(0, MAX_REPORTED_ISSUES)
    .map((issue) => `${formatIssuePath(issue.path)}: ${describe(issue)}`);
  if (issues.length > MAX_REPORTED_ISSUES)
    listed.push(`and ${issues.length - MAX_REPORTED_ISSUES} more`);
  const first = issues[0];
  throw new LibosError('INVALID_INPUT', `${attempted} failed: ${listed.join('; ')}`, {
    details: { field: first === undefined ? '(root)' : formatIssuePath(first.path) },
  });
}

function describe(issue: { code: string; message: string; keys?: readonly string[] }): string {
  // zod says "Unrecognized key(s) in object"; name them so the author finds the typo.
  if (issue.code === 'unrecognized_keys' && issue.keys !== undefined)
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  return issue.message;
}
