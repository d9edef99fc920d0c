// The first half of the demo, run in a child process that the demo then kills with SIGKILL.
import { ERROR_CODES } from '../../base/errors.js';
import type { AgentEvent } from '../../runtime/agent/agent-options.js';
import type { CliContext } from '../cli-context.js';
import { openAgentRuntime } from '../run/open-agent-runtime.js';
import { createDemoIdSource, demoId } from './demo-ids.js';
import { CRASH_AFTER_RESEARCHER_CALL } from './demo-script.js';

/** What the child prints when it has reached the crash point and stopped. */
export const CRASH_POINT_MARKER = 'crash-point';

/**
 * Runs the tour's processes one quantum at a time (so the order is always the same) until the
 * researcher's tool call number CRASH_AFTER_RESEARCHER_CALL (its denied read) has been recorded
 * and the researcher's next quantum is about to ask its model. There, holding that quantum's
 * lease, it prints the marker and blocks its thread for good: the parent kills this process with
 * SIGKILL, a real crash mid-quantum. Returns only if the crash point never came (exit INTERNAL).
 */
export async function runCrashPhase(context: CliContext): Promise<number> {
  const researcher = demoId('process', { stage: 'b', n: 1 });
  let researcherCalls = 0;
  const onEvent = (event: AgentEvent): void => {
    if (event.pid !== researcher) return;
    if (event.type === 'tool-call') researcherCalls += 1;
    if (event.type !== 'model-call' || researcherCalls <= CRASH_AFTER_RESEARCHER_CALL) return;
    context.io.stdout(`${CRASH_POINT_MARKER}\n`);
    // Freeze mid-quantum, synchronously: nothing more reaches the database before the kill.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  };
  const runtime = await openAgentRuntime(context, {
    attempted: 'Running the demo',
    isCreating: false,
    ids: createDemoIdSource('b'),
    maxInFlight: 1,
    onEvent,
  });
  try {
    await runtime.run({
      waitForTimers: true,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    });
  } finally {
    await runtime.close();
  }
  context.io.stderr('error INTERNAL: the demo never reached its crash point\n');
  return ERROR_CODES.INTERNAL.exitCode;
}
