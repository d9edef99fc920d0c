// Prints one JSON document on stdout: the `--json` form of every command's result.
import type { CliIo } from '../cli-io.js';

/** Writes `value` as indented JSON followed by a newline. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
