// Turns anything a command threw into output and an exit code, leaking no exception text.
import { inspect } from 'node:util';
import { toLibosError } from '../base/errors.js';
import type { CliIo } from './cli-io.js';
import { printable } from './format/printable.js';
import { writeJson } from './format/write-json.js';

/**
 * Prints `error` as `error CODE: message` on stderr (or the wire form `{ error }` on stdout with
 * `json`) and returns its exit code. Anything that is not a LibosError is reported as INTERNAL;
 * its text and stack reach stderr only when `debug` is set (`AGENT_LIBOS_DEBUG=1`).
 */
export function reportError(
  io: CliIo,
  error: unknown,
  options: { json: boolean; debug: boolean },
): number {
  const libos = toLibosError(error, 'Running the command');
  if (options.json) writeJson(io, { error: libos.toWire() });
  // A message may quote what a process wrote (a resource, a name): shown escaped, on one line.
  else io.stderr(`error ${libos.code}: ${printable(libos.message)}\n`);
  if (options.debug) {
    const shown = libos === error ? libos.cause : error;
    if (shown !== undefined) io.stderr(`debug: ${inspect(shown, { depth: 4 })}\n`);
  }
  return libos.exitCode;
}
