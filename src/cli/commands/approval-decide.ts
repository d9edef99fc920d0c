// `agent-libos approvals decide`: answers a human request; the waiting process resumes on its next run.
import { parseId } from '../../base/ids.js';
import type { HumanRequest } from '../../kernel/approval/types.js';
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';
import { openOperator } from '../live/open-operator.js';
import { parseDecision } from '../parse-decision.js';

/** `approvals decide` arguments and options as commander parsed them. */
export interface ApprovalDecideOptions {
  readonly id: string;
  /** `allow_once`, `allow_always`, `deny_once`, `deny_always`, or `ack` for a notification. */
  readonly decision?: string;
  /** The text answer to a question. */
  readonly answer?: string;
}

/**
 * Decides request `<id>`: a permission with one of the four decisions, a question with
 * `--answer TEXT`, a notification with `ack`. While a runtime is live (`serve`, a `run` or
 * `resume` in progress) the decision goes through its API and the process continues at once;
 * otherwise it is written to the database and the process continues on the next run. Prints what was decided (the decided
 * request with `--json`). Returns the exit code.
 * @throws INVALID_ID, INVALID_INPUT (bad input); NOT_FOUND (no database or request);
 *   ILLEGAL_TRANSITION (already decided, or the wrong kind of answer); STORE_LOCKED
 */
export async function runApprovalDecide(
  context: CliContext,
  options: ApprovalDecideOptions,
): Promise<number> {
  const { decided, live } = await decideRequest(context, options);
  if (context.json) writeJson(context.io, decided);
  else context.io.stdout(`${describeOutcome(decided, { live })}\n`);
  return 0;
}

/**
 * Checks the id and the answer, then decides the request through the live runtime's API when one
 * runs, else in the database (what `approvals decide` and `mcp serve` both do). Returns the
 * decided request and whether it went to a live runtime.
 * @throws as runApprovalDecide
 */
export async function decideRequest(
  context: CliContext,
  options: ApprovalDecideOptions,
): Promise<{ decided: HumanRequest; live: boolean }> {
  const id = parseId('approval', options.id);
  const answer = parseDecision(options.decision, { answer: options.answer });
  const operator = await openOperator(context, { attempted: 'Deciding a request' });
  try {
    return { decided: await operator.calls.decide(id, answer), live: operator.live };
  } finally {
    await operator.close();
  }
}

function describeOutcome(request: HumanRequest, options: { live: boolean }): string {
  const { state } = request;
  if (state.kind !== 'answered') return `${request.id} is ${state.kind}`;
  const made =
    state.capabilityId === undefined || state.capabilityId === null
      ? ''
      : ` (capability ${state.capabilityId})`;
  const resumes = options.live
    ? `; ${request.pid} continues now`
    : `; ${request.pid} continues on its next run`;
  switch (request.body.kind) {
    case 'permission':
      return `decided ${request.id}: ${state.decision ?? 'no decision'}${made}${resumes}`;
    case 'question':
      return `answered ${request.id}${resumes}`;
    case 'notification':
      return `acknowledged ${request.id}`;
  }
}
