// Claiming a runnable process for one quantum: budget check, lease with a fresh fencing token.
import type { Json } from '../../base/canonical-json.js';
import type { Pid } from '../../base/ids.js';
import { TRACE_SETTING } from '../telemetry/tracing.js';
import { addUsage, exceededDimension } from '../../kernel/budget/exceeded.js';
import type { Message } from '../../kernel/mailbox/types.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import type { RuntimeDeps } from '../deps.js';
import { runCommand, type CommandScope } from './command-scope.js';
import { loadAncestors } from './lineage.js';
import { endSubtree } from './end-subtree.js';

/** A claimed quantum: the process as running, and the interrupts delivered to it. */
export interface Claim {
  readonly process: AgentProcess;
  /** The root of the process's tree (itself for a root): its trace is derived from it. */
  readonly rootPid: Pid;
  /** The span context its spawn kept (`telemetry/`), when `readTrace` asked for it. */
  readonly traceContext?: Json;
  readonly fence: number;
  readonly interrupts: readonly Message[];
}

/**
 * Moves `pid` from runnable to running under a new lease, charging one quantum to it and every
 * ancestor. Returns null when it is no longer runnable or a budget is used up (then the budget
 * policy is applied and journaled).
 */
export function claimQuantum(
  deps: RuntimeDeps,
  pid: Pid,
  options: { leaseMs: number; readTrace?: boolean },
): Promise<Claim | null> {
  return runCommand(deps, { actor: 'runtime' }, async (scope) => {
    const process = await scope.tx.getProcess(pid);
    if (process?.state.kind !== 'runnable') return null;
    const ancestors = await loadAncestors(scope.tx, process);
    for (const holder of [process, ...ancestors]) {
      const dim = exceededDimension(holder.budget, holder.usage, {
        delta: { quanta: 1 },
        elapsedMs: scope.now - holder.createdAt,
      });
      if (dim !== null) {
        await applyBudgetPolicy(scope, process, { dimension: dim, holder: holder.pid });
        return null;
      }
    }
    for (const holder of ancestors)
      await scope.write({ ...holder, usage: addUsage(holder.usage, { quanta: 1 }) });
    const fence = process.fence + 1;
    const interrupts = process.pendingInterrupts > 0 ? await deliverInterrupts(scope, pid) : [];
    const running = await scope.apply(
      process,
      {
        type: 'claim',
        leaseId: deps.ids.next('lease'),
        fence,
        leaseExpiresAt: scope.now + options.leaseMs,
      },
      {
        attempted: 'Scheduling a quantum',
        patch: { fence, usage: addUsage(process.usage, { quanta: 1 }), pendingInterrupts: 0 },
      },
    );
    scope.journal('process.scheduled', pid, { fence, interrupts: interrupts.map((m) => m.id) });
    // Read in the claim's own transaction: a separate read would reorder the quanta's starts.
    const traceContext =
      options.readTrace === true ? await scope.tx.getSetting(pid, TRACE_SETTING) : undefined;
    return {
      process: running,
      rootPid: ancestors.at(-1)?.pid ?? pid,
      fence,
      interrupts,
      ...(traceContext === undefined ? {} : { traceContext }),
    };
  });
}

async function deliverInterrupts(scope: CommandScope, pid: Pid): Promise<Message[]> {
  const undelivered = await scope.tx.listUndelivered(pid, 100);
  const interrupts = undelivered.filter((m) => m.interrupt);
  await scope.tx.markDelivered(
    interrupts.map((m) => m.id),
    scope.now,
  );
  return interrupts.map((m) => ({ ...m, deliveredAt: scope.now }));
}

/** Pauses (`budget`) or kills a process whose budget, or an ancestor's, is used up. */
export async function applyBudgetPolicy(
  scope: CommandScope,
  process: AgentProcess,
  exceeded: { dimension: string; holder: Pid },
): Promise<void> {
  scope.journal('budget.exceeded', process.pid, {
    dimension: exceeded.dimension,
    holder: exceeded.holder,
    policy: process.onBudgetExceeded,
  });
  if (process.onBudgetExceeded === 'kill') {
    await endSubtree(scope, process, { signal: 'kill', by: 'runtime' });
    return;
  }
  await scope.apply(
    process,
    { type: 'pause', reason: 'budget', detail: `${exceeded.dimension} budget used up` },
    { attempted: 'Pausing a process over budget' },
  );
  scope.journal('process.paused', process.pid, { reason: 'budget' });
  scope.abortAfter(process.pid, 'pause');
}
