// Wraps one syscall invocation in its span: the decision, the one outcome, the error code.
import type { Span } from '@opentelemetry/api';
import { toLibosError } from '../../base/errors.js';
import type { SyscallResult } from '../../syscalls/define-syscall.js';
import { endSyscallSpan, type SyscallDecision } from './tracing.js';

/** What the pipeline decided for a call, filled in as it decides (null: it never got that far). */
export interface Decided {
  decision: SyscallDecision | null;
  /** A state change this very call already made before a crash, allowed again without a decision. */
  replayed: boolean;
}

/** Records the pipeline's verdict on a call in `decided`. */
export function noteDecision(
  decided: Decided,
  authorized: { kind: 'denied' | 'asked' | 'allowed'; replayed?: boolean },
): void {
  decided.decision =
    authorized.kind === 'denied' ? 'deny' : authorized.kind === 'asked' ? 'ask' : 'allow';
  decided.replayed = authorized.replayed === true;
}

/**
 * Runs `invoke` (the pipeline for one call) and ends `span` with the decision it recorded and
 * how the call ended: `completed`, `blocked` (it now waits), `denied` (the decision was deny) or
 * `failed` (with the error's stable code). Rethrows what `invoke` throws.
 */
export async function traceSyscall(
  span: Span,
  call: { name: string },
  invoke: (decided: Decided) => Promise<SyscallResult<unknown>>,
): Promise<SyscallResult<unknown>> {
  const decided: Decided = { decision: null, replayed: false };
  let result: SyscallResult<unknown>;
  try {
    result = await invoke(decided);
  } catch (error) {
    const code = toLibosError(error, call.name).code;
    endSyscallSpan(span, {
      ...decided,
      outcome: decided.decision === 'deny' ? 'denied' : 'failed',
      code,
    });
    throw error;
  }
  endSyscallSpan(span, {
    ...decided,
    outcome: result.blocked ? 'blocked' : 'completed',
    code: null,
  });
  return result;
}
