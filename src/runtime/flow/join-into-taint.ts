// Joining labels into a process's stored taint inside a transaction, journaling a rise.
import type { Json } from '../../base/canonical-json.js';
import type { Pid } from '../../base/ids.js';
import {
  joinTaint,
  taintChanged,
  taintOf,
  taintRose,
  type RuleSet,
} from '../../kernel/flow/join-taint.js';
import { EMPTY_TAINT, isEmptyTaint, type Taint } from '../../kernel/flow/taint.js';
import type { Received } from '../../kernel/flow/types.js';
import type { JournalDraft } from '../../kernel/journal/entry.js';
import type { Actor } from '../../kernel/process/types.js';
import type { StoreTx } from '../../ports/store.js';
import { loadRuleSet } from './rule-set.js';

/** No rules: enough for a join that labels no resource. */
const NO_RULES: RuleSet = { operator: [] };

/** True when `received` names nothing (nothing to join). */
export function isNothingReceived(received: Received | null | undefined): boolean {
  return (
    received == null ||
    ((received.resources?.length ?? 0) === 0 &&
      (received.labels?.length ?? 0) === 0 &&
      (received.origins?.length ?? 0) === 0)
  );
}

/** The `flow.tainted` entry's data: the level, origins and the sources that came in. */
export function taintedData(
  taint: Taint,
  added: Taint,
  extra: { [key: string]: Json } = {},
): {
  [key: string]: Json;
} {
  return {
    ...extra,
    sensitivity: taint.sensitivity,
    origins: [...taint.origins],
    from: added.sources.map((s) => s.source),
  };
}

/**
 * Joins `added` into `pid`'s taint in `tx` and writes it when it changed. Returns the
 * `flow.tainted` journal draft when the taint rose (a higher level or a new origin), else null.
 */
export async function joinIntoTaint(
  tx: StoreTx,
  input: { pid: Pid; added: Taint; at: number; actor: Actor; why: { [key: string]: Json } },
): Promise<JournalDraft | null> {
  if (isEmptyTaint(input.added)) return null;
  const before = (await tx.getTaint(input.pid)) ?? EMPTY_TAINT;
  const next = joinTaint(before, input.added);
  if (!taintChanged(before, next)) return null;
  await tx.putTaint(input.pid, next, input.at);
  if (!taintRose(before, next)) return null;
  return {
    type: 'flow.tainted',
    pid: input.pid,
    actor: input.actor,
    data: taintedData(next, input.added, input.why),
  };
}

/**
 * Joins what a completed call handed `pid` (resources labelled by the rules in force, object
 * labels, origins) into its taint, in the transaction that records the call's outcome.
 */
export async function joinReceived(
  tx: StoreTx,
  input: { pid: Pid; received: Received; at: number; syscall: string; callId: string },
): Promise<JournalDraft | null> {
  if (isNothingReceived(input.received)) return null;
  // Only resources are labelled by rules: object labels and origins need no rule read.
  const rules: RuleSet =
    (input.received.resources ?? []).length === 0 ? NO_RULES : await loadRuleSet(tx);
  return joinIntoTaint(tx, {
    pid: input.pid,
    added: taintOf(input.received, rules),
    at: input.at,
    actor: input.pid,
    why: { syscall: input.syscall, callId: input.callId },
  });
}
