// Prints one JSON document on stdout: the `--json` form of every command's result.
import type { CliIo } from '../cli-io.js';

// What JSON.stringify leaves raw but a terminal acts on or hides: DEL, C1 controls, Unicode format
// characters (bidi overrides, zero-width), line and paragraph separators.
const RAW = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * Writes `value` as indented JSON followed by a newline. Characters that would act on a terminal
 * or reorder what it shows are written as `\uHHHH` escapes, which parse back to the same string.
 */
export function writeJson(io: CliIo, value: unknown): void {
  // split('') yields UTF-16 code units: an astral character becomes its escaped surrogate pair.
  const text = JSON.stringify(value, null, 2).replace(RAW, (c) =>
    c
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
  io.stdout(`${text}\n`);
}
