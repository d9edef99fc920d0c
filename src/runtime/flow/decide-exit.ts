// Adding the exit gate to a call's capability verdict: clear, declassified by a record, asked, or denied by policy.
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { Exit } from '../../kernel/flow/types.js';
import type { Sensitivity } from '../../kernel/object/types.js';
import type { StoreReader } from '../../ports/store.js';
import type { CapabilityCache } from '../authority/capability-cache.js';
import { loadDecision, type Verdict } from '../authority/load-decision.js';
import { holdExit, type ExitHold } from './hold-exit.js';

/** A verdict with the exit hold that shaped it (null: labels did not hold the call). */
export interface ExitVerdict {
  readonly verdict: Verdict;
  readonly hold: ExitHold | null;
}

/**
 * After the capability records allow a call with an exit, checks the caller's taint against the
 * exit's clearance. Above it, the call's `exit:<kind>/<target> declassify` records decide: an
 * allow (an `allow_once` bound to this call, an `allow_always`, an operator's grant) lets it out
 * and joins the verdict (so a one-shot use is spent like any other); a deny record refuses; with
 * no record, the rule's action applies: `ask` a human, or `deny`.
 */
export async function decideExit(
  reader: StoreReader,
  verdict: Verdict,
  call: {
    pid: Pid;
    exit: Exit | null;
    callHash: string;
    now: number;
    modelClearance?: Sensitivity;
    cache?: CapabilityCache;
  },
): Promise<ExitVerdict> {
  if (verdict.effect !== 'allow' || call.exit === null) return { verdict, hold: null };
  const hold = await holdExit(reader, {
    pid: call.pid,
    exit: call.exit,
    ...(call.modelClearance === undefined ? {} : { modelClearance: call.modelClearance }),
  });
  if (hold === null) return { verdict, hold };
  const flow = await loadDecision(
    reader,
    { pid: call.pid, needs: [hold.need], callHash: call.callHash, now: call.now },
    call.cache === undefined ? {} : { cache: call.cache },
  );
  const at = flow.decisions[0];
  // One need always gets one decision; failing closed if it ever did not.
  if (at === undefined)
    throw new LibosError('INTERNAL', 'Checking an exit failed: its need was not decided');
  const decisions = [...verdict.decisions, at];
  switch (flow.effect) {
    case 'allow':
      return { verdict: { effect: 'allow', decisions }, hold };
    case 'ask':
      return { verdict: { effect: 'ask', at, decisions }, hold };
    case 'deny':
      // A deny record, or no record and a rule that says deny; no record otherwise asks.
      return at.decision.record !== null || hold.check.action === 'deny'
        ? { verdict: { effect: 'deny', at, decisions }, hold }
        : { verdict: { effect: 'ask', at, decisions }, hold };
  }
}
