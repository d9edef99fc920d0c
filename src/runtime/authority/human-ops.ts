// Human questions, grant requests and notifications made by a process, bound to the exact call.
import type { RequestBody, RequestId } from '../../kernel/approval/types.js';
import type { Blocking, HumanAnswer } from '../../ports/kernel-ops.js';
import { leased, type LeaseRef } from '../commands/block.js';
import { runCommand } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';
import { raiseRequest } from './ask-for-permission.js';

/**
 * Returns the answer to the request this exact call raised (marking it used), or raises the
 * request and parks the process. A call whose answer was already used asks again.
 */
export function askHuman(
  deps: RuntimeDeps,
  lease: LeaseRef,
  input: { body: RequestBody; callHash: string; deadline: number | null; call?: string },
): Promise<Blocking<HumanAnswer>> {
  return runCommand(deps, { actor: lease.pid }, async (scope) => {
    await leased(scope, lease, 'Asking a human');
    // The answer this same call took before a crash: taken once, returned again, never re-asked.
    const taken = input.call === undefined ? undefined : await scope.tx.getCallOutcome(input.call);
    if (taken !== undefined) return { blocked: false, value: taken as unknown as HumanAnswer };
    // Only the answer to this call's own question: never a gate request raised by the same call.
    const existing = await scope.tx.findRequestByCall(lease.pid, input.callHash, 'answer');
    if (
      existing !== undefined &&
      !existing.consumed &&
      (existing.state.kind === 'answered' || existing.state.kind === 'expired')
    ) {
      await scope.tx.updateRequest({ ...existing, consumed: true, version: existing.version + 1 });
      const answered = existing.state.kind === 'answered' ? existing.state : null;
      const value: HumanAnswer = {
        request: existing.id,
        state: existing.state.kind,
        decision: answered?.decision ?? null,
        answer: answered?.answer ?? null,
        capabilityId: (answered?.capabilityId ?? null) as HumanAnswer['capabilityId'],
      };
      if (input.call !== undefined)
        await scope.tx.putCallOutcome({
          key: input.call,
          pid: lease.pid,
          value: { ...value },
          at: scope.now,
        });
      return { blocked: false, value };
    }
    await raiseRequest(scope, deps, {
      pid: lease.pid,
      body: input.body,
      callHash: input.callHash,
      deadline: input.deadline,
    });
    return { blocked: true };
  });
}

/** Leaves a notification (a request that needs only acknowledging); never blocks. */
export function notifyHuman(
  deps: RuntimeDeps,
  lease: LeaseRef,
  input: { message: string; callHash: string },
): Promise<RequestId> {
  return runCommand(deps, { actor: lease.pid }, async (scope) => {
    await leased(scope, lease, 'Notifying a human');
    const id = deps.ids.next('approval');
    await scope.tx.insertRequest({
      id,
      pid: lease.pid,
      channel: 'owner',
      body: { kind: 'notification', message: input.message },
      state: { kind: 'pending' },
      deadline: null,
      callHash: input.callHash,
      consumed: false,
      createdAt: scope.now,
      version: 1,
    });
    scope.journal('approval.requested', lease.pid, { request: id, kind: 'notification' });
    return id;
  });
}
