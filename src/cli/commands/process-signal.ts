// `agent-libos kill|pause|continue <pid>`: signals a process as the operator.
import { parseId } from '../../base/ids.js';
import type { CliContext } from '../cli-context.js';
import { describeState } from '../format/describe-state.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';

/** The operator's signal commands and the runtime signal each sends. */
export const SIGNAL_COMMANDS = {
  kill: 'terminate',
  pause: 'pause',
  continue: 'resume',
} as const;

/** A signal command name. */
export type SignalCommand = keyof typeof SIGNAL_COMMANDS;

/**
 * Sends `kill` (terminate the process and its subtree), `pause` (stop it after its current
 * quantum is aborted, remembering where it was) or `continue` (resume a paused process; it runs
 * on the next `resume`, or at once while a runtime is live: the signal then goes through its
 * API). Prints the process's new state (`--json`: the process record).
 * @throws INVALID_ID; NOT_FOUND (no database or process); ILLEGAL_TRANSITION (e.g. continuing a
 *   process that is not paused, killing one that has ended); STORE_LOCKED
 */
export async function runProcessSignal(
  context: CliContext,
  options: { command: SignalCommand; pid: string },
): Promise<number> {
  const pid = parseId('process', options.pid);
  const operator = await openOperator(context, { attempted: `Sending ${options.command}` });
  try {
    await operator.calls.signal(pid, SIGNAL_COMMANDS[options.command]);
    const after = await operator.calls.get(pid);
    if (context.json) writeJson(context.io, after);
    else context.io.stdout(`${pid}: ${describeState(after.state)}\n`);
    return 0;
  } finally {
    await operator.close();
  }
}
