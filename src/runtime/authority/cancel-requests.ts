// Cancelling the open questions and permission requests of a process that ended.
import type { Pid } from '../../base/ids.js';
import { transitionRequest } from '../../kernel/approval/transition.js';
import type { RequestId } from '../../kernel/approval/types.js';
import type { CommandScope } from '../commands/command-scope.js';

const PAGE = 100;

/**
 * Cancels every pending question and permission request of `pid` (which just ended), in the
 * caller's transaction, journaling `approval.cancelled` for each: a decision can no longer reach
 * a process that will never run again, nor grant a record to it. Notifications stay: they ask
 * for no decision and tell the human what the process did.
 */
export async function cancelRequestsOf(
  scope: CommandScope,
  pid: Pid,
  options: { reason: string; keep?: ReadonlySet<RequestId> },
): Promise<number> {
  let cancelled = 0;
  for (let afterId: RequestId | undefined; ;) {
    const page = await scope.tx.listRequests({
      pid,
      states: ['pending'],
      limit: PAGE,
      ...(afterId === undefined ? {} : { afterId }),
    });
    for (const request of page) {
      if (request.body.kind === 'notification' || options.keep?.has(request.id) === true) continue;
      const next = transitionRequest(request.state, request.body, {
        type: 'cancel',
        at: scope.now,
        reason: options.reason,
      });
      if (!next.ok) continue;
      await scope.tx.updateRequest({ ...request, state: next.state, version: request.version + 1 });
      scope.journal('approval.cancelled', pid, { request: request.id, reason: options.reason });
      cancelled += 1;
    }
    afterId = page.at(-1)?.id;
    if (page.length < PAGE || afterId === undefined) return cancelled;
  }
}
