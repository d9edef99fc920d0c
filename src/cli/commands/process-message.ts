// `agent-libos message <pid> <text>`: posts a message to a process's mailbox as the operator.
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';

/** `message` arguments and options as commander parsed them. */
export interface ProcessMessageOptions {
  readonly pid: string;
  readonly text: string;
  /** Preempt the receiver: abort its quantum and wake it from any wait but a human. */
  readonly interrupt?: boolean;
}

/** Longest message text accepted from the command line. */
const MAX_TEXT = 100_000;

/**
 * Sends `text` to `pid` (the body is the text itself; the agent reads it with
 * `receive_messages`). A waiting receiver wakes; it runs on the next `resume`, or at once while
 * a runtime is live (the message then goes through its API). Prints the message
 * id (`--json`: `{ id, pid, interrupt }`).
 * @throws INVALID_ID, INVALID_INPUT (empty or too long text); NOT_FOUND; ILLEGAL_TRANSITION (the
 *   process has ended); STORE_LOCKED
 */
export async function runProcessMessage(
  context: CliContext,
  options: ProcessMessageOptions,
): Promise<number> {
  const pid = parseId('process', options.pid);
  if (options.text.trim() === '' || options.text.length > MAX_TEXT) {
    throw new LibosError(
      'INVALID_INPUT',
      `Reading the message failed: the text must be 1 to ${MAX_TEXT} characters`,
    );
  }
  const interrupt = options.interrupt === true;
  const operator = await openOperator(context, { attempted: 'Sending a message' });
  try {
    const id = await operator.calls.send(pid, options.text, { interrupt });
    if (context.json) writeJson(context.io, { id, pid, interrupt });
    else context.io.stdout(`sent ${id} to ${pid}${interrupt ? ' (interrupt)' : ''}\n`);
    return 0;
  } finally {
    await operator.close();
  }
}
