// What a call held by its exit's labels journals and shows: the `flow.exceeded` entry, a denial's reason, a request's detail and preview.
import type { FlowPreview } from '../../kernel/approval/types.js';
import type { Verdict } from '../authority/load-decision.js';
import type { CommandScope } from '../commands/command-scope.js';
import { flowPreview, heldData, heldText, type ExitHold } from './hold-exit.js';

/** What a held call's denial or request shows besides the resource. */
export interface HeldShown {
  /** A denial's reason, when the labels (not a record) refused it. */
  readonly why?: string;
  /** A request's action text: why the labels hold it, then the syscall's own action. */
  readonly detail?: string;
  /** A request's flow preview (the exit, its clearance, the level and the sources). */
  readonly flow?: FlowPreview;
}

/**
 * Journals `flow.exceeded` (decision `ask`, `deny` or `declassified`) when the labels held the
 * call, and returns what its denial or request shows. `action` is the syscall's own action text.
 */
export function showHeld(
  scope: CommandScope,
  held: { hold: ExitHold | null; verdict: Verdict },
  call: {
    pid: Parameters<CommandScope['journal']>[1];
    syscall: string;
    callId: string;
    action?: string | undefined;
  },
): HeldShown {
  const { hold, verdict } = held;
  const action = call.action === undefined ? {} : { detail: call.action };
  if (hold === null) return action;
  const decision = verdict.effect === 'allow' ? 'declassified' : verdict.effect;
  scope.journal('flow.exceeded', call.pid, heldData(hold, { ...call, decision }));
  // Only where the verdict stopped at the exit's own need do the labels explain it.
  if (verdict.effect === 'allow' || verdict.at.need !== hold.need) return action;
  const text = heldText(hold);
  if (verdict.effect === 'deny') return verdict.at.decision.record === null ? { why: text } : {};
  return {
    detail: call.action === undefined ? text : `${text}; ${call.action}`,
    flow: flowPreview(hold),
  };
}
