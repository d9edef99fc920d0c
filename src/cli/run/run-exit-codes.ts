// The exit codes of `run` and `resume`: one per way a run stops, none shared with an error code.
import type { RunVerdict } from './run-summary.js';

/** How a run of `run` or `resume` stopped: the summary's verdict, or interrupted (Ctrl-C). */
export type RunStop = RunVerdict | 'interrupted';

/**
 * The exit code of `run` and `resume` for each way a run stops, with what it means (the help
 * and the READMEs show these; `test/cli/readme.test.ts` keeps the tables in step). Only `ended`
 * is 0; the others lie outside the error codes' range (`ERROR_CODES` in `src/base/errors.ts`,
 * 1–11), so a script tells "stopped, waiting on a human" from "failed"; 130 is the shell's code
 * for SIGINT.
 */
export const RUN_EXIT_CODES = {
  ended: { exitCode: 0, meaning: 'every process of the run ended' },
  'waiting-on-human': {
    exitCode: 20,
    meaning: 'stopped with processes waiting on a human (pending approvals or questions)',
  },
  'max-quanta': { exitCode: 21, meaning: '--max-quanta stopped it with work left' },
  idle: {
    exitCode: 22,
    meaning: 'stopped with live processes waiting on something else (a message, a pause)',
  },
  interrupted: { exitCode: 130, meaning: 'Ctrl-C or SIGTERM stopped it; resume goes on' },
} as const satisfies Record<RunStop, { exitCode: number; meaning: string }>;
