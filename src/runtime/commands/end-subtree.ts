// Ending a process: kill it with its subtree, or end it by exit/failure and reap its children.
import type { Json } from '../../base/canonical-json.js';
import { canonicalJson } from '../../base/canonical-json.js';
import { sha256Hex } from '../../base/hash.js';
import type { Actor, AgentProcess } from '../../kernel/process/types.js';
import { isTerminal } from '../../kernel/process/types.js';
import type { ProcessEvent } from '../../kernel/process/transition.js';
import type { CommandScope } from './command-scope.js';
import { loadDescendants } from './lineage.js';
import { cancelRequestsOf } from '../authority/cancel-requests.js';

/** How a process ends. */
export type Ending =
  | { readonly signal: 'terminate' | 'kill'; readonly by: Actor }
  | { readonly exit: Json }
  | { readonly fail: { readonly code: string; readonly message: string } };

/**
 * Ends `process` as `ending` says and kills every live descendant (a subtree never outlives its
 * root); wakes any parent waiting on an ended child and aborts in-flight quanta after commit.
 */
export async function endSubtree(
  scope: CommandScope,
  process: AgentProcess,
  ending: Ending,
): Promise<AgentProcess> {
  const descendants = await loadDescendants(scope.tx, process.pid);
  const ended = await endOne(scope, process, ending);
  for (const child of descendants) {
    if (!isTerminal(child.state)) await endOne(scope, child, { signal: 'kill', by: 'runtime' });
  }
  return ended;
}

async function endOne(
  scope: CommandScope,
  process: AgentProcess,
  ending: Ending,
): Promise<AgentProcess> {
  const wasRunning = process.state.kind === 'running';
  const event: ProcessEvent =
    'signal' in ending
      ? { type: 'kill', signal: ending.signal, by: ending.by }
      : 'exit' in ending
        ? { type: 'exit', result: ending.exit }
        : { type: 'fail', code: ending.fail.code, message: ending.fail.message };
  const next = await scope.apply(process, event, { attempted: 'Ending a process' });
  if ('signal' in ending)
    scope.journal('process.killed', process.pid, { signal: ending.signal, by: ending.by });
  else if ('exit' in ending)
    scope.journal('process.exited', process.pid, {
      resultSha256: sha256Hex(canonicalJson(ending.exit)),
    });
  else scope.journal('process.failed', process.pid, { code: ending.fail.code });
  if (wasRunning) scope.abortAfter(process.pid, 'kill');
  // An ended process re-issues no call: what its calls changed needs no remembering.
  await scope.tx.deleteCallOutcomes(process.pid);
  await cancelRequestsOf(scope, process.pid, {
    reason:
      next.state.kind === 'killed' ? 'its process was killed' : `its process ${next.state.kind}`,
  });
  await wakeWaitingParent(scope, next);
  return next;
}

async function wakeWaitingParent(scope: CommandScope, child: AgentProcess): Promise<void> {
  if (child.parentPid === null) return;
  const parent = await scope.tx.getProcess(child.parentPid);
  if (parent === undefined) return;
  const wait =
    parent.state.kind === 'waiting'
      ? parent.state.wait
      : parent.state.kind === 'paused' && parent.state.resumeTo.kind === 'waiting'
        ? parent.state.resumeTo.wait
        : undefined;
  if (wait?.on !== 'child' || !wait.pids.includes(child.pid)) return;
  await scope.apply(parent, { type: 'wake' }, { attempted: 'Waking a waiting parent' });
  scope.journal('process.woken', parent.pid, { by: 'child', child: child.pid });
}
