// Waking processes whose durable timers are due.
import type { Pid } from '../../base/ids.js';
import type { RuntimeDeps } from '../deps.js';
import { parseId } from '../../base/ids.js';
import { transitionRequest } from '../../kernel/approval/transition.js';
import { materialize } from '../authority/decide-request.js';
import { runCommand, type CommandScope } from './command-scope.js';

/** Wakes up to `limit` processes whose timers are due at `now`; returns how many woke. */
export function wakeDueTimers(deps: RuntimeDeps, options: { limit: number }): Promise<Pid[]> {
  return runCommand(deps, { actor: 'runtime' }, async (scope) => {
    const due = await scope.tx.listDueTimers(scope.now, options.limit);
    for (const pid of due) {
      const process = await scope.load(pid, 'Waking a timer');
      const state = process.state;
      if (state.kind === 'waiting' && state.wait.on === 'human')
        await expireRequests(scope, deps, state.wait.requestIds);
      await scope.apply(process, { type: 'wake' }, { attempted: 'Waking a timer' });
      scope.journal('process.woken', pid, {
        by: state.kind === 'waiting' && state.wait.on === 'human' ? 'deadline' : 'timer',
      });
    }
    return due;
  });
}

/**
 * Expires the still-pending requests a process waits on; the outcome of an expired permission
 * request is a denial of the call that raised it.
 */
async function expireRequests(
  scope: CommandScope,
  deps: RuntimeDeps,
  ids: readonly string[],
): Promise<void> {
  for (const raw of ids) {
    const request = await scope.tx.getRequest(parseId('approval', raw));
    if (request === undefined) continue;
    const next = transitionRequest(request.state, request.body, { type: 'expire', at: scope.now });
    if (!next.ok) continue;
    await scope.tx.updateRequest({ ...request, state: next.state, version: request.version + 1 });
    scope.journal('approval.expired', request.pid, { request: request.id, outcome: 'deny' });
    if (request.body.kind === 'permission' && !request.body.grant)
      await materialize(scope, deps, { request, decision: 'deny_once' });
  }
}
