// Persisting what an agent's quantum produced (transcript items, usage, settings) under its lease.
import type { Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import type { TranscriptItem } from '../../kernel/agent/types.js';
import { addUsage, exceededDimension, type UsageDelta } from '../../kernel/budget/exceeded.js';
import type { StoreTx } from '../../ports/store.js';
import type { RuntimeDeps } from '../deps.js';
import type { LeaseRef } from './block.js';
import { applyBudgetPolicy } from './claim.js';
import { runCommand } from './command-scope.js';
import { loadAncestors } from './lineage.js';

/** What one record call writes, all in one transaction. */
export interface TurnRecord {
  readonly items?: readonly TranscriptItem[];
  readonly journal?: readonly {
    readonly type: string;
    readonly data: { readonly [key: string]: Json };
  }[];
  /**
   * Writes the outcome of the syscall that produced these items in the same transaction (its
   * intent settled, its completion entry returned to journal after them).
   */
  readonly complete?: (
    tx: StoreTx,
    at: number,
  ) => Promise<{ readonly type: string; readonly data: { readonly [key: string]: Json } }>;
  /** Usage actually spent (e.g. provider-reported tokens), rolled up to every ancestor. */
  readonly usage?: UsageDelta;
  readonly settings?: { readonly [key: string]: Json };
  /** A budget found used up before spending (e.g. tokens for the next call): apply the policy. */
  readonly overBudget?: string;
  /** Drops transcript entries up to this seq (they were summarised by an item in this record). */
  readonly trimUpTo?: number;
  /**
   * Ends the quantum in the same transaction (running → runnable, `process.yielded`) when the
   * process is still running under this lease: the last result of a turn and the yield that
   * follows it are one command.
   */
  readonly yieldAfter?: boolean;
}

/**
 * Writes `record` for the process of `lease` (its fence must still be the newest); returns the seqs given to its transcript items. Usage
 * is charged even past the budget (it was spent); the budget policy then applies.
 * @throws STALE_LEASE when the lease was lost; BUDGET_EXCEEDED after charging past a limit
 */
export async function recordTurn(
  deps: RuntimeDeps,
  lease: LeaseRef,
  record: TurnRecord,
): Promise<{ seqs: number[]; yielded: boolean }> {
  const { seqs, over, yielded } = await runCommand(deps, { actor: lease.pid }, async (scope) => {
    // The fence alone proves no newer quantum exists: a quantum that just blocked (slept, waits on
    // a child) may still record the result of what it did.
    const process = await scope.load(lease.pid, 'Recording a turn');
    if (process.fence !== lease.fence) {
      throw new LibosError(
        'STALE_LEASE',
        `Recording a turn for ${lease.pid} failed: a newer quantum holds its lease`,
      );
    }
    const out: number[] = [];
    for (const item of record.items ?? [])
      out.push(await scope.tx.appendTranscript(lease.pid, item, { at: scope.now }));
    if (record.trimUpTo !== undefined)
      await scope.tx.trimTranscript(lease.pid, { upToSeq: record.trimUpTo });
    for (const [key, value] of Object.entries(record.settings ?? {}))
      await scope.tx.putSetting(lease.pid, key, value);
    for (const entry of record.journal ?? []) scope.journal(entry.type, lease.pid, entry.data);
    if (record.complete !== undefined) {
      const entry = await record.complete(scope.tx, scope.now);
      scope.journal(entry.type, lease.pid, entry.data);
    }
    let exceeded: string | null = record.overBudget ?? null;
    if (record.usage !== undefined) {
      const lineage = [process, ...(await loadAncestors(scope.tx, process))];
      for (const holder of lineage) {
        const elapsedMs = scope.now - holder.createdAt;
        exceeded ??= exceededDimension(holder.budget, holder.usage, {
          delta: record.usage,
          elapsedMs,
        });
        const fresh = (await scope.tx.getProcess(holder.pid)) ?? holder;
        await scope.write({ ...fresh, usage: addUsage(fresh.usage, record.usage) });
      }
    }
    if (exceeded !== null) {
      const current = await scope.load(lease.pid, 'Recording a turn');
      if (
        current.state.kind === 'running' ||
        current.state.kind === 'runnable' ||
        current.state.kind === 'waiting'
      ) {
        await applyBudgetPolicy(scope, current, { dimension: exceeded, holder: lease.pid });
      }
    }
    let hasYielded = false;
    if (record.yieldAfter === true && exceeded === null) {
      const current = await scope.load(lease.pid, 'Recording a turn');
      if (current.state.kind === 'running' && current.state.fence === lease.fence) {
        await scope.apply(current, { type: 'yield' }, { attempted: 'Ending a quantum' });
        scope.journal('process.yielded', lease.pid, { fence: lease.fence, reason: 'yield' });
        hasYielded = true;
      }
    }
    return { seqs: out, over: exceeded, yielded: hasYielded };
  });
  if (over !== null)
    throw new LibosError('BUDGET_EXCEEDED', `Recording a turn: the ${over} budget is used up`, {
      details: { dimension: over },
    });
  return { seqs, yielded };
}
