// Making a state change at most once per call: the outcome is stored with the change, and a re-issued call gets it back.
import type { Json } from '../../base/canonical-json.js';
import type { Pid } from '../../base/ids.js';
import type { CommandScope } from './command-scope.js';

/** The call a command is made for: its process and its key (sha256 of pid and call id). */
export interface CallRef {
  readonly pid: Pid;
  /** Absent for trusted harness code that makes no call (nothing is then remembered). */
  readonly key?: string | undefined;
}

/**
 * Runs `change` (inside the caller's transaction) unless the call `call.key` already made it, in
 * which case the outcome it stored is returned instead; otherwise stores what `change` returns
 * in the same transaction, so the change and its outcome commit together. A call re-issued after
 * a crash (the agent loop re-dispatches a tool call whose result was never recorded) therefore
 * never spawns, sends, delegates or writes twice.
 */
export async function oncePerCall<T extends Json>(
  scope: CommandScope,
  call: CallRef,
  change: () => Promise<T>,
): Promise<{ readonly value: T; readonly replayed: boolean }> {
  if (call.key === undefined) return { value: await change(), replayed: false };
  const stored = await scope.tx.getCallOutcome(call.key);
  // What this same call stored earlier, in the transaction that made the change.
  if (stored !== undefined) return { value: stored as T, replayed: true };
  const value = await change();
  await scope.tx.putCallOutcome({ key: call.key, pid: call.pid, value, at: scope.now });
  return { value, replayed: false };
}
