// Where the CLI writes: an injectable pair of writers, so tests capture output in-process.

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
