// Blocking calls made inside a quantum: sleep, receive and wait, each checked and parked atomically.
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import { matchesFilter, type Message } from '../../kernel/mailbox/types.js';
import type { AgentProcess, MessageFilter } from '../../kernel/process/types.js';
import type { Blocking, ChildEnding } from '../../ports/kernel-ops.js';
import type { RuntimeDeps } from '../deps.js';
import { runCommand, type CommandScope } from './command-scope.js';
import { oncePerCall } from './once-per-call.js';

/** The lease a quantum holds. */
export interface LeaseRef {
  readonly pid: Pid;
  readonly fence: number;
}

/**
 * Puts the process to sleep on a durable timer for `ms`. A sleep re-issued by the same call after
 * a crash already slept: it returns the same wake-up time and does not block again
 * (`slept: false`).
 */
export function sleepProcess(
  deps: RuntimeDeps,
  lease: LeaseRef,
  options: { ms: number; call?: string },
): Promise<{ wakeAt: number; slept: boolean }> {
  return runCommand(deps, { actor: lease.pid }, async (scope) => {
    const process = await leased(scope, lease, 'Sleeping');
    const { value, replayed } = await oncePerCall(
      scope,
      { pid: lease.pid, key: options.call },
      async () => {
        const wakeAt = scope.now + Math.ceil(options.ms);
        await scope.apply(
          process,
          { type: 'block', wait: { on: 'timer', wakeAt }, at: scope.now },
          { attempted: 'Sleeping' },
        );
        scope.journal('process.blocked', lease.pid, {
          on: 'timer',
          wakeAt,
          ms: Math.ceil(options.ms),
        });
        return wakeAt;
      },
    );
    return { wakeAt: value, slept: !replayed };
  });
}

/**
 * Takes undelivered messages that pass `filter`; with `wait` and none there, parks the process in
 * `waiting: message` in the same transaction (so a concurrent post cannot be missed).
 */
export function receiveMessages(
  deps: RuntimeDeps,
  lease: LeaseRef,
  options: { wait: boolean; filter: MessageFilter; limit: number; key?: string },
): Promise<Blocking<Message[]>> {
  return runCommand(deps, { actor: lease.pid }, async (scope) => {
    const process = await leased(scope, lease, 'Receiving messages');
    // A receive re-issued by the same call (after a crash) gets what that call already took.
    if (options.key !== undefined) {
      const taken = await scope.tx.listDeliveredByKey(lease.pid, options.key);
      if (taken.length > 0) return { blocked: false, value: taken };
    }
    const pending = (await scope.tx.listUndelivered(lease.pid, options.limit * 4 + 16)).filter(
      (m) => matchesFilter(m, options.filter),
    );
    const taken = pending.slice(0, options.limit);
    if (taken.length > 0) {
      await scope.tx.markDelivered(
        taken.map((m) => m.id),
        scope.now,
        options.key,
      );
      scope.journal('message.received', lease.pid, { messages: taken.map((m) => m.id) });
      return { blocked: false, value: taken.map((m) => ({ ...m, deliveredAt: scope.now })) };
    }
    if (!options.wait) return { blocked: false, value: [] };
    const wait = { on: 'message', filter: options.filter } as const;
    await scope.apply(
      process,
      { type: 'block', wait, at: scope.now },
      { attempted: 'Receiving messages' },
    );
    scope.journal('process.blocked', lease.pid, { on: 'message' });
    return { blocked: true };
  });
}

/**
 * Returns the ended children among `pids`; with `wait` and none ended, parks the process in
 * `waiting: child` in the same transaction, so a child ending concurrently is never missed.
 * @throws NOT_PERMITTED when a pid is not a direct child; NOT_FOUND when it does not exist.
 */
export function waitChildren(
  deps: RuntimeDeps,
  lease: LeaseRef,
  options: { pids: readonly Pid[]; wait: boolean },
): Promise<Blocking<ChildEnding[]>> {
  return runCommand(deps, { actor: lease.pid }, async (scope) => {
    const process = await leased(scope, lease, 'Waiting on children');
    const children: AgentProcess[] = [];
    for (const pid of options.pids) {
      const child = await scope.tx.getProcess(pid);
      if (child?.parentPid !== lease.pid) {
        throw new LibosError(
          'NOT_PERMITTED',
          'Waiting on a process failed: it is not a child of the caller',
          {
            details: { pid },
          },
        );
      }
      children.push(child);
    }
    const ended: ChildEnding[] = [];
    for (const child of children) {
      const state = child.state;
      if (state.kind === 'exited' || state.kind === 'failed' || state.kind === 'killed')
        ended.push({ pid: child.pid, state });
    }
    if (ended.length > 0 || !options.wait) return { blocked: false, value: ended };
    const wait = { on: 'child', pids: children.map((c) => c.pid) } as const;
    await scope.apply(
      process,
      { type: 'block', wait, at: scope.now },
      { attempted: 'Waiting on children' },
    );
    scope.journal('process.blocked', lease.pid, { on: 'child', pids: [...wait.pids] });
    return { blocked: true };
  });
}

/** Loads the leased process, rejecting a stale lease. */
export async function leased(
  scope: CommandScope,
  lease: LeaseRef,
  attempted: string,
): Promise<AgentProcess> {
  await scope.tx.assertLease(lease.pid, lease.fence);
  return scope.load(lease.pid, attempted);
}
