// The exit gate of a call: is the caller's taint (plus what the call carries) above the exit's clearance?
import type { Json } from '../../base/canonical-json.js';
import type { Pid } from '../../base/ids.js';
import type { FlowPreview } from '../../kernel/approval/types.js';
import { checkExit, sourcesAbove, type ExitCheck } from '../../kernel/flow/check-exit.js';
import { exitNeedResource } from '../../kernel/flow/exit-need.js';
import { taintOf } from '../../kernel/flow/join-taint.js';
import { EMPTY_TAINT, isEmptyTaint } from '../../kernel/flow/taint.js';
import type { Exit } from '../../kernel/flow/types.js';
import type { Sensitivity } from '../../kernel/object/types.js';
import type { FlowReader } from '../../ports/flow-store.js';
import type { ResourceNeed } from '../../syscalls/define-syscall.js';
import { isNothingReceived } from './join-into-taint.js';
import { loadRuleSet } from './rule-set.js';

/** A call held by its exit: the check's outcome and the need a declassification is decided on. */
export interface ExitHold {
  readonly check: Extract<ExitCheck, { kind: 'exceeds' }>;
  /** `exit:<kind>/<target>` with right `declassify`. */
  readonly need: ResourceNeed;
}

/**
 * Checks a call's exit against `pid`'s taint read from `reader` (the snapshot the capability
 * decision reads). Reads no rules for an untainted caller whose call carries nothing: the common
 * case costs one keyed read. Null when the call may go out as far as labels go.
 */
export async function holdExit(
  reader: FlowReader,
  call: { pid: Pid; exit: Exit; modelClearance?: Sensitivity },
): Promise<ExitHold | null> {
  const taint = (await reader.getTaint(call.pid)) ?? EMPTY_TAINT;
  const carries = call.exit.carries;
  if (isEmptyTaint(taint) && isNothingReceived(carries)) return null;
  const rules = await loadRuleSet(reader);
  const check = checkExit(taint, call.exit, {
    rules,
    ...(call.modelClearance === undefined ? {} : { modelClearance: call.modelClearance }),
    ...(carries === undefined || isNothingReceived(carries)
      ? {}
      : { carried: taintOf(carries, rules) }),
  });
  if (check.kind === 'clear') return null;
  return { check, need: { resource: exitNeedResource(call.exit), right: 'declassify' } };
}

/** What an approval shows about a held call (see FlowPreview). */
export function flowPreview(hold: ExitHold): FlowPreview {
  const { check } = hold;
  return {
    exit: check.resource,
    clearance: check.clearance,
    sensitivity: check.taint.sensitivity,
    origins: [...check.taint.origins],
    sources: sourcesAbove(check.taint, check.clearance),
    rule: check.rule,
  };
}

/** The journal data of a held call's decision: labels and names only, never content. */
export function heldData(
  hold: ExitHold,
  decision: { syscall: string; callId: string; decision: 'ask' | 'deny' | 'declassified' },
): { [key: string]: Json } {
  const preview = flowPreview(hold);
  return {
    syscall: decision.syscall,
    callId: decision.callId,
    decision: decision.decision,
    exit: preview.exit,
    clearance: preview.clearance,
    sensitivity: preview.sensitivity,
    origins: [...preview.origins],
    sources: [...preview.sources],
    dropped: hold.check.taint.dropped,
    rule: preview.rule,
  };
}

/** One line for a human: what is held and why (printable ASCII). */
export function heldText(hold: ExitHold): string {
  const p = flowPreview(hold);
  const from = p.sources.length === 0 ? '' : ` from ${p.sources.join(', ')}`;
  return `it would send ${p.sensitivity} data${from} to ${p.exit}, which is cleared for ${p.clearance}`;
}
