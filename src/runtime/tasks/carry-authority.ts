// A continuation's authority: the previous run's live operator records, copied (narrowed, never widened).
import type { Pid } from '../../base/ids.js';
import type { CapabilityId } from '../../kernel/capability/types.js';
import { planCarry, type CarryPlan, type Narrowing } from '../../kernel/task/carry-records.js';
import { capabilitiesOf } from '../authority/capabilities-of.js';
import { insertRecord } from '../authority/capability-ops.js';
import type { CommandScope } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';

/** What a follow-up carried: each new record with the one it copies, and what it left behind. */
export interface CarriedAuthority {
  readonly carried: readonly { readonly from: CapabilityId; readonly to: CapabilityId }[];
  readonly left: CarryPlan['left'];
}

/**
 * In the follow-up's command: grants `to` a copy of each record of `from` that `planCarry`
 * keeps (the operator's own live records, narrowed as asked), each journaled
 * `capability.granted` with the operator as issuer, as if the operator granted it again.
 */
export async function carryAuthority(
  scope: CommandScope,
  deps: RuntimeDeps,
  input: { readonly from: Pid; readonly to: Pid; readonly narrowing: Narrowing },
): Promise<CarriedAuthority> {
  const records = [];
  // Revoked records are not listed; planCarry refuses them anyway.
  for await (const record of capabilitiesOf(scope.tx, input.from)) records.push(record);
  const plan = planCarry(records, { now: scope.now, narrowing: input.narrowing });
  const carried: { from: CapabilityId; to: CapabilityId }[] = [];
  for (const { from, fields } of plan.carried) {
    const record = await insertRecord(scope, deps, { ...fields, subject: input.to });
    carried.push({ from, to: record.id });
  }
  return { carried, left: plan.left };
}
