// Runs the scheduler until nothing can move without a human, prompting one at a terminal.
import { LibosError } from '../../base/errors.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { CliTerminal } from '../cli-io.js';
import { promptApprovals } from '../prompt/approval-prompter.js';

/** How a run ended. */
export interface RunOutcome {
  /** Quanta run in all rounds together. */
  readonly quanta: number;
  /** `idle`: nothing runnable and no timer pending; `max-quanta`: the limit stopped it. */
  readonly stoppedBy: 'idle' | 'max-quanta';
  /** Requests decided at the terminal during the run. */
  readonly decided: number;
}

/**
 * Runs until every process has ended or waits on something only a human (or a message) can
 * give; durable timers are waited for. With a `terminal`, pending approvals and questions are
 * asked there each time the run goes idle, and the run continues after the decisions; it ends
 * when a round decides nothing (all skipped, end of input) or on Ctrl-C. Without one, requests stay
 * pending for `approvals decide` and a later `resume`.
 * @throws CANCELLED when `signal` fires
 */
export async function runUntilSettled(
  runtime: Pick<Runtime, 'run' | 'requests' | 'decide'>,
  options: {
    maxQuanta?: number;
    terminal: CliTerminal | null;
    signal?: AbortSignal;
    /** Run only this process and its descendants (`resume --pid`); the others stay queued. */
    subtree?: string;
  },
): Promise<RunOutcome> {
  const { terminal, signal } = options;
  let quanta = 0;
  let decided = 0;
  for (;;) {
    const left = options.maxQuanta === undefined ? undefined : options.maxQuanta - quanta;
    if (left !== undefined && left <= 0) return { quanta, stoppedBy: 'max-quanta', decided };
    const report = await runtime.run({
      waitForTimers: true,
      ...(left === undefined ? {} : { maxQuanta: left }),
      ...(signal === undefined ? {} : { signal }),
      ...(options.subtree === undefined ? {} : { subtree: options.subtree }),
    });
    quanta += report.quanta;
    if (report.stoppedBy === 'signal')
      throw new LibosError('CANCELLED', 'Running the agents was cancelled');
    if (report.stoppedBy === 'max-quanta') return { quanta, stoppedBy: 'max-quanta', decided };
    if (terminal === null) return { quanta, stoppedBy: 'idle', decided };
    const round = await promptApprovals(runtime, {
      input: terminal.input,
      output: terminal.output,
      ...(signal === undefined ? {} : { signal }),
    });
    decided += round.decided.length;
    // Decisions made before the input ended still let their processes go on; Ctrl-C stops here.
    if (round.decided.length === 0 || round.ended === 'interrupted')
      return { quanta, stoppedBy: 'idle', decided };
  }
}
