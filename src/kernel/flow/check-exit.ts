// The exit check: is what a call would send out (the caller's taint, plus what the call carries) within the exit's clearance?
import { sensitivityRank } from '../object/sensitivity.js';
import type { Sensitivity } from '../object/types.js';
import { joinTaint, type RuleSet } from './join-taint.js';
import { labelOf, UNLABELLED } from './label-of.js';
import type { ExceedAction } from './label-rule.js';
import type { Taint } from './taint.js';
import type { Exit, ExitKind } from './types.js';

/** Clearances of exits no rule names, per kind (`model` takes the runtime's model clearance). */
export const DEFAULT_EXIT_CLEARANCE: { readonly [K in ExitKind]: Sensitivity } = {
  net: UNLABELLED,
  mcp: UNLABELLED,
  human: UNLABELLED,
  fs: UNLABELLED,
  // A message or a child carries the sender's taint into the receiver, whose own exits are
  // checked: inside the runtime nothing has left yet. A rule on `process:<pid>` lowers it.
  process: 'secret',
  model: UNLABELLED,
};

/** What an exit's clearance depends on besides the rules. */
export interface ExitSettings {
  readonly rules: RuleSet;
  /** The runtime's model clearance: the default of `model` exits. */
  readonly modelClearance?: Sensitivity;
}

/** The outcome of an exit check. */
export type ExitCheck =
  | { readonly kind: 'clear' }
  | {
      readonly kind: 'exceeds';
      readonly exit: Exit;
      /** `kind:target`, the resource the exit's clearance was looked up on. */
      readonly resource: string;
      readonly clearance: Sensitivity;
      /** What the rule giving the clearance says to do (kind defaults: `ask`). */
      readonly action: ExceedAction;
      /** The rule that gave the clearance, null for the kind's default. */
      readonly rule: string | null;
      /** What would leave: the caller's taint joined with what the call carries. */
      readonly taint: Taint;
    };

/** The resource text an exit's clearance is looked up on (`fs:public/a.txt`, `net:https://h`). */
export function exitResource(exit: Exit): string {
  return `${exit.kind}:${exit.target}`;
}

/**
 * Checks `taint` (joined with `carried`, what the call moves besides: a moved file, an exported
 * object) against the clearance of `exit`: the matching rule's sensitivity, else the kind's
 * default. Above it, the call `exceeds` with the rule's action.
 */
export function checkExit(
  taint: Taint,
  exit: Exit,
  settings: ExitSettings & { readonly carried?: Taint },
): ExitCheck {
  const sent = settings.carried === undefined ? taint : joinTaint(taint, settings.carried);
  const resource = exitResource(exit);
  const rule = labelOf(resource, settings.rules);
  const clearance =
    rule?.sensitivity ??
    (exit.kind === 'model'
      ? (settings.modelClearance ?? DEFAULT_EXIT_CLEARANCE.model)
      : DEFAULT_EXIT_CLEARANCE[exit.kind]);
  if (sensitivityRank(sent.sensitivity) <= sensitivityRank(clearance)) return { kind: 'clear' };
  return {
    kind: 'exceeds',
    exit,
    resource,
    clearance,
    action: rule?.onExceed ?? 'ask',
    rule: rule?.rule ?? null,
    taint: sent,
  };
}

/** The sources of `taint` above `clearance`: what an approval shows as the reason. */
export function sourcesAbove(taint: Taint, clearance: Sensitivity): readonly string[] {
  const floor = sensitivityRank(clearance);
  return taint.sources
    .filter((s) => sensitivityRank(s.sensitivity) > floor)
    .map((s) => `${s.source} (${s.sensitivity})`);
}
