// Deciding a human request: record the answer, turn permission decisions into capability records, wake the process.
import { LibosError } from '../../base/errors.js';
import { parseId } from '../../base/ids.js';
import { transitionRequest } from '../../kernel/approval/transition.js';
import type { HumanRequest, PermissionDecision } from '../../kernel/approval/types.js';
import { parseResource } from '../../kernel/capability/resource.js';
import type { Capability } from '../../kernel/capability/types.js';
import { isTerminal } from '../../kernel/process/types.js';
import type { CommandScope } from '../commands/command-scope.js';
import { runCommand } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';

/** Longest answer text a human may give (the same limit as text shown to a human). */
export const MAX_ANSWER_CHARS = 8000;

/** An answer to a request. */
export interface RequestAnswer {
  readonly decision: PermissionDecision | null;
  readonly answer: string | null;
}

/**
 * Decides request `id` (as the operator or a named human channel) and wakes its process.
 * @throws INVALID_ID, NOT_FOUND, ILLEGAL_TRANSITION (already decided, or wrong kind of answer)
 */
export function decideRequest(
  deps: RuntimeDeps,
  id: string,
  answer: RequestAnswer & { by?: string },
): Promise<HumanRequest> {
  const requestId = parseId('approval', id);
  return runCommand(deps, { actor: 'operator' }, async (scope) => {
    const request = await scope.tx.getRequest(requestId);
    if (request === undefined) {
      throw new LibosError('NOT_FOUND', `Deciding a request failed: no request ${requestId}`, {
        details: { request: requestId },
      });
    }
    if (request.state.kind === 'cancelled') {
      throw new LibosError(
        'ILLEGAL_TRANSITION',
        `Deciding request ${requestId} failed: it was cancelled because ${request.state.reason}; nothing was granted`,
        { details: { request: requestId, state: 'cancelled' } },
      );
    }
    const requester = await scope.tx.getProcess(request.pid);
    // A notification is only acknowledged; anything else would answer a process that is gone.
    const ended = requester === undefined || isTerminal(requester.state);
    if (request.state.kind === 'pending' && request.body.kind !== 'notification' && ended) {
      throw new LibosError(
        'ILLEGAL_TRANSITION',
        `Deciding request ${requestId} failed: its process has ended; nothing was granted`,
        { details: { request: requestId } },
      );
    }
    if (answer.answer !== null && answer.answer.length > MAX_ANSWER_CHARS) {
      throw new LibosError(
        'OUT_OF_RANGE',
        `Deciding request ${requestId} failed: the answer is longer than ${MAX_ANSWER_CHARS} characters`,
      );
    }
    // Past its deadline a request's outcome is already decided (deny); the next run expires it.
    if (
      request.state.kind === 'pending' &&
      request.deadline !== null &&
      scope.now >= request.deadline
    ) {
      throw new LibosError(
        'ILLEGAL_TRANSITION',
        `Deciding request ${requestId} failed: its deadline has passed (the outcome is deny)`,
      );
    }
    const next = transitionRequest(request.state, request.body, {
      type: 'answer',
      decision: answer.decision,
      answer: answer.answer,
      by: answer.by ?? 'operator',
      at: scope.now,
    });
    if (!next.ok)
      throw new LibosError(
        'ILLEGAL_TRANSITION',
        `Deciding request ${requestId} failed: ${next.reason}`,
      );
    const capability =
      answer.decision === null
        ? null
        : await materialize(scope, deps, { request, decision: answer.decision });
    const state =
      next.state.kind === 'answered'
        ? { ...next.state, capabilityId: capability?.id ?? null }
        : next.state;
    const decided = { ...request, state, version: request.version + 1 };
    await scope.tx.updateRequest(decided);
    scope.journal('approval.decided', request.pid, {
      request: request.id,
      decision: answer.decision,
      answered: answer.answer !== null,
      capabilityId: capability?.id ?? null,
    });
    await wakeRequester(scope, request);
    return decided;
  });
}

/**
 * Turns a permission decision into a capability record: `*_always` into a lasting allow or
 * deny; `allow_once` into an allow bound to the exact call (or one counted use for a grant
 * request); `deny_once` into a deny bound to the call (nothing for a grant request).
 */
export async function materialize(
  scope: CommandScope,
  deps: RuntimeDeps,
  input: { request: HumanRequest; decision: PermissionDecision },
): Promise<Capability | null> {
  const { body } = input.request;
  if (body.kind !== 'permission') return null;
  const parsed = parseResource(body.resource);
  if (!parsed.ok)
    throw new LibosError(
      'INTERNAL',
      `Deciding a request failed: its resource is invalid: ${parsed.reason}`,
    );
  const once = input.decision === 'allow_once' || input.decision === 'deny_once';
  if (once && body.grant && input.decision === 'deny_once') return null;
  const record: Capability = {
    id: deps.ids.next('capability'),
    subject: input.request.pid,
    resource: parsed.value,
    rights: body.rights,
    effect: input.decision.startsWith('allow') ? 'allow' : 'deny',
    usesRemaining: once ? 1 : null,
    expiresAt: null,
    parentId: null,
    delegable: false,
    issuedBy: 'operator',
    approval: once ? null : input.request.id,
    boundCall: once && !body.grant ? body.callHash : null,
    depth: 0,
    createdAt: scope.now,
    revokedAt: null,
  };
  await scope.tx.insertCapability(record);
  scope.journal('capability.granted', input.request.pid, {
    capability: record.id,
    resource: body.resource,
    rights: [...body.rights],
    effect: record.effect,
    once,
    request: input.request.id,
  });
  return record;
}

/** Wakes the process if it waits on `request`. */
export async function wakeRequester(scope: CommandScope, request: HumanRequest): Promise<void> {
  const process = await scope.tx.getProcess(request.pid);
  if (process === undefined) return;
  const state = process.state;
  const wait =
    state.kind === 'waiting'
      ? state.wait
      : state.kind === 'paused' && state.resumeTo.kind === 'waiting'
        ? state.resumeTo.wait
        : undefined;
  if (wait?.on !== 'human' || !wait.requestIds.includes(request.id)) return;
  await scope.apply(process, { type: 'wake' }, { attempted: 'Waking a process after a decision' });
  scope.journal('process.woken', process.pid, { by: 'human', request: request.id });
}
