// `--notify-cmd`: a program, or a JSON array of argv, run for each new human request (never a shell).
import { LibosError } from '../../base/errors.js';

/**
 * Parses `--notify-cmd`: `["notify-send","agent-libos"]` (a JSON array of strings: program and
 * arguments) or a bare program path without spaces. Never a shell string.
 * @throws INVALID_INPUT for anything else
 */
export function parseNotifyCommand(text: string): readonly string[] {
  const bad = (): LibosError =>
    new LibosError(
      'INVALID_INPUT',
      'Reading --notify-cmd failed: give a program path, or a JSON array of its argv such as \'["notify-send","agent-libos"]\'; it is never run through a shell',
    );
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw bad();
    }
    if (
      !Array.isArray(parsed) ||
      parsed.length === 0 ||
      !parsed.every((arg) => typeof arg === 'string' && !arg.includes('\0')) ||
      (parsed[0] as string).trim() === ''
    )
      throw bad();
    return parsed as string[];
  }
  if (trimmed === '' || /\s/.test(trimmed) || trimmed.includes('\0')) throw bad();
  return [trimmed];
}
