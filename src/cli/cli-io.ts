// Where the CLI writes: an injectable pair of writers, so tests capture output in-process.
import type { Readable, Writable } from 'node:stream';

/** The CLI's output sink; each call writes `text` as given (callers add newlines). */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The sink of a real process: its standard output and error streams. */
export function createProcessIo(): CliIo {
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
  };
}

/** A person's terminal: prompts read from `input` and are written to `output`. */
export interface CliTerminal {
  readonly input: Readable;
  readonly output: Writable;
}

/** The process's terminal when both stdin and stdout are TTYs, else null (pipes, files, CI). */
export function detectProcessTerminal(): CliTerminal | null {
  return process.stdin.isTTY && process.stdout.isTTY
    ? { input: process.stdin, output: process.stdout }
    : null;
}
