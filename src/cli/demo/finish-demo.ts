// The demo's last stage: reopen after the crash, recover, resume, answer the writer, finish.
import type { HumanRequest } from '../../kernel/approval/types.js';
import type { CliContext } from '../cli-context.js';
import { describeRequest } from '../format/describe-request.js';
import { openAgentRuntime } from '../run/open-agent-runtime.js';
import { describeRecovery, readRecovery, type Recovery } from '../run/read-recovery.js';
import { summarizeRun, type RunSummary } from '../run/run-summary.js';
import { runUntilSettled } from '../run/run-until-settled.js';
import { createDemoIdSource } from './demo-ids.js';
import type { DemoSetup } from './set-up-demo.js';

/** What the last stage did. */
export interface DemoFinish {
  readonly recovery: Recovery;
  /** The run right after recovery: it stops where the writer waits on a human. */
  readonly beforeDecision: RunSummary;
  /** The requests the operator answered `allow_once`, as stored after the decision. */
  readonly decided: readonly HumanRequest[];
  /** The run after the decision (every process ended), or null when the requests were kept. */
  readonly afterDecision: RunSummary | null;
}

/**
 * Reopens the database the killed child left (recovery runs on open: its researcher's lease
 * expires), resumes until the tree waits on a human, answers each pending request `allow_once`
 * as the operator, and resumes until every process has ended; `say` narrates each step. With
 * `keep`, it stops before answering: the requests stay pending for a human (`serve`'s console).
 */
export async function finishDemo(
  setup: DemoSetup,
  options: { afterSeq: number; say: (line: string) => void; keep?: boolean },
): Promise<DemoFinish> {
  const context: CliContext = setup.context;
  const runtime = await openAgentRuntime(context, {
    attempted: 'Resuming the demo',
    isCreating: false,
    ids: createDemoIdSource('c'),
    maxInFlight: 1,
  });
  try {
    const recovery = await readRecovery(runtime, { afterSeq: options.afterSeq });
    options.say(`3. Reopened: ${describeRecovery(recovery) ?? 'nothing to recover'}`);
    const roots = [setup.cast.orchestrator];
    const run = (): ReturnType<typeof runUntilSettled> =>
      runUntilSettled(runtime, {
        terminal: null,
        ...(context.signal === undefined ? {} : { signal: context.signal }),
      });
    const beforeDecision = await summarizeRun(runtime, {
      roots,
      outcome: await run(),
      afterSeq: options.afterSeq,
    });
    options.say(`   Resumed: ${beforeDecision.message}`);
    if (options.keep === true)
      return { recovery, beforeDecision, decided: [], afterDecision: null };
    const decided: HumanRequest[] = [];
    for (const request of beforeDecision.pending) {
      options.say(`   operator: allow_once ${request.id} (${describeRequest(request.body)})`);
      decided.push(await runtime.decide(request.id, { decision: 'allow_once' }));
    }
    const afterDecision = await summarizeRun(runtime, {
      roots,
      outcome: await run(),
      afterSeq: options.afterSeq,
    });
    options.say(`4. Resumed: ${afterDecision.message}`);
    return { recovery, beforeDecision, decided, afterDecision };
  } finally {
    await runtime.close();
  }
}
