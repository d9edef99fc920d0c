// What `run` and `resume` say when Ctrl-C (or SIGTERM) stopped them: how to go on, and exit 130.
import { isLibosError } from '../../base/errors.js';
import type { CliContext } from '../cli-context.js';
import { shellQuote } from '../format/shell-quote.js';
import { writeJson } from '../format/write-json.js';
import { RUN_EXIT_CODES } from './run-exit-codes.js';

/** Whether `error` is the CANCELLED a run throws because the command's own signal fired. */
export function isInterrupted(error: unknown, context: Pick<CliContext, 'signal'>): boolean {
  return isLibosError(error, 'CANCELLED') && context.signal?.aborted === true;
}

/**
 * Prints `stopped; run \`agent-libos resume …\` to go on` (with the `--workspace` and `--db` the
 * command was given, so the line can be pasted anywhere), or with `--json`
 * `{ …about, outcome: 'interrupted', message, resume }`, and returns 130. Call it after the
 * runtime has closed: the quanta in flight have yielded, so nothing is left `running`.
 */
export function reportInterrupted(
  context: CliContext,
  about: Readonly<Record<string, string>> = {},
): number {
  const resume = ['agent-libos', 'resume'];
  if (context.isWorkspaceGiven) resume.push('--workspace', shellQuote(context.workspace));
  if (context.isDbGiven) resume.push('--db', shellQuote(context.dbPath));
  const command = resume.join(' ');
  const message = `stopped; run \`${command}\` to go on`;
  if (context.json)
    writeJson(context.io, { ...about, outcome: 'interrupted', message, resume: command });
  else context.io.stdout(`${message}\n`);
  return RUN_EXIT_CODES.interrupted.exitCode;
}
