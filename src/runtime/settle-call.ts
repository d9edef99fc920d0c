// The ends of a call after its body: which records allowed it, how a failure settles, hand-backs.
import type { Json } from '../base/canonical-json.js';
import type { LibosError } from '../base/errors.js';
import type { Capability } from '../kernel/capability/types.js';
import type { EffectIntent } from '../kernel/effect/types.js';
import type { JournalDraft } from '../kernel/journal/entry.js';
import type { CallCompletion } from '../ports/kernel-ops.js';
import type { StoreTx } from '../ports/store.js';
import type { AnySyscall, ResourceNeed, SyscallResult } from '../syscalls/define-syscall.js';
import { needText, type Verdict } from './authority/load-decision.js';
import type { LeaseRef } from './commands/block.js';
import { runCommand, type CommandScope } from './commands/command-scope.js';
import type { RuntimeDeps } from './deps.js';
import type { Received } from '../kernel/flow/types.js';
import { isNothingReceived, joinReceived } from './flow/join-into-taint.js';
import type { CallFileLog } from './workspace/call-file-log.js';

/** Queues a journal entry (and a write) for the caller's next command (see DeferredJournal). */
export type Defer = (draft: JournalDraft, write?: (tx: StoreTx) => Promise<void>) => void;

/** The caller of a call being settled: its lease, the call's id, and its deferred journal. */
export interface SettleCaller {
  readonly lease: LeaseRef;
  readonly callId: string;
  /** Absent: every outcome is written at once. */
  readonly defer?: Defer;
}

/** Whether a body reported its effect begun, and what it reported having done. */
export interface EffectProgress {
  started: boolean;
  progress: { readonly [key: string]: Json } | null;
  /** The files it changed (a failed recursive delete may have removed some). */
  readonly files?: CallFileLog;
}

/** What authorising a call reserved: one-shot uses and the effect intent, if any. */
export interface Reservation {
  readonly reserved: readonly Capability[];
  readonly intent: EffectIntent | null;
}

/** What an allowed call was allowed by, and whether it re-issues a change made before a crash. */
export interface Allowance extends Reservation {
  readonly verdict: Verdict;
  readonly replayed: boolean;
}

/** What every outcome entry of a call says about what it touched. */
function touchedFields(needs: readonly ResourceNeed[]): { [key: string]: Json } {
  return { resource: needs.map(needText).join(' ') || null, rights: needs.map((n) => n.right) };
}

/** The journal's `capabilityId` of a completed call: the one record, or the list of them. */
function capabilityField(verdict: Verdict): Json {
  const ids = verdict.decisions.flatMap(({ decision }) =>
    decision.record === null ? [] : [decision.record.id],
  );
  return ids.length === 1 ? (ids[0] ?? null) : ids;
}

/** The one-shot approval that allowed a completed call, if any. */
async function usedApproval(
  tx: StoreTx,
  call: { pid: LeaseRef['pid']; verdict: Verdict; callHash: string },
): Promise<string | null> {
  // Only a call allowed by a one-shot approval has an approval to link; look it up just then.
  const bound = call.verdict.decisions.some(
    ({ decision }) => decision.effect === 'allow' && decision.record.boundCall !== null,
  );
  if (!bound) return null;
  const request = await tx.findRequestByCall(call.pid, call.callHash, 'gate');
  return request?.id ?? null;
}

/** A call whose body returned, as its settlement sees it. */
interface Returned {
  readonly spec: AnySyscall;
  readonly needs: readonly ResourceNeed[];
  readonly callHash: string;
  readonly authorized: Allowance;
  readonly input: unknown;
}

/** The data of the `syscall.completed` of a call that returned `result`. */
function completionData(
  callId: string,
  call: Returned,
  result: SyscallResult<unknown>,
): { [key: string]: Json } {
  const { spec, authorized } = call;
  // The pipeline's own keys come last: a syscall's journal shape can never overwrite them.
  return {
    ...(result.blocked ? { blocked: true } : spec.journal(call.input, result.value)),
    ...(authorized.replayed ? { replayed: true } : {}),
    syscall: spec.name,
    callId,
    ...touchedFields(call.needs),
    capabilityId: capabilityField(authorized.verdict),
    ...(authorized.intent === null ? {} : { intent: authorized.intent.id }),
  };
}

/**
 * The settlement of a call whose body persists its result in a command of its own (a model call's
 * answer): its intent committed and its completion written in that transaction, so the result
 * never stands in the store without the outcome that accounts for it. `settled` tells the
 * pipeline it has nothing left to write.
 */
export class InlineCompletion implements CallCompletion {
  readonly #caller: { readonly pid: LeaseRef['pid']; readonly callId: string };
  readonly #call: Returned;
  #written = false;
  #settled = false;

  constructor(caller: { pid: LeaseRef['pid']; callId: string }, call: Returned) {
    this.#caller = caller;
    this.#call = call;
  }

  async settle(
    tx: StoreTx,
    output: unknown,
    at: number,
  ): Promise<{ type: string; data: { [key: string]: Json } }> {
    const { authorized } = this.#call;
    const data = completionData(this.#caller.callId, this.#call, { blocked: false, value: output });
    const { intent } = authorized;
    if (intent !== null) await tx.updateIntent({ ...intent, state: 'committed', settledAt: at });
    const approvalId = await usedApproval(tx, {
      pid: this.#caller.pid,
      verdict: authorized.verdict,
      callHash: this.#call.callHash,
    });
    if (approvalId !== null) data.approvalId = approvalId;
    this.#written = true;
    return { type: 'syscall.completed', data };
  }

  committed(): void {
    this.#settled = this.#written;
  }

  /** True once the completion was written in a transaction that committed. */
  get settled(): boolean {
    return this.#settled;
  }
}

/**
 * Settles a call whose body returned: its intent committed and exactly one `syscall.completed`,
 * which names the intent it settles (`intent`): a committed settlement needs no entry of its own.
 * A call that changed nothing (no intent, no use spent, no change, no wait) has its outcome
 * written with the quantum's next command instead of a command of its own; so may a call whose
 * recovery is a retry (a model call): a crash before that command leaves the intent for recovery
 * to mark unknown, and nothing is lost or repeated.
 */
export async function settleSuccess(
  deps: RuntimeDeps,
  caller: SettleCaller,
  done: Returned & {
    result: SyscallResult<unknown>;
    received?: Received | null | undefined;
    /** The files the call changed, written with its outcome. */
    files?: CallFileLog;
  },
): Promise<void> {
  const { spec, authorized, result } = done;
  const pid = caller.lease.pid;
  const data = completionData(caller.callId, done, result);
  // What the call handed the caller joins its taint in the transaction of the outcome.
  const received = isNothingReceived(done.received) ? null : (done.received ?? null);
  const taint =
    received === null
      ? null
      : (tx: StoreTx, at: number) =>
          joinReceived(tx, { pid, received, at, syscall: spec.name, callId: caller.callId });
  const { intent } = authorized;
  const unchanged = spec.effect === 'none' && intent === null;
  const retrySafe = spec.recovery === 'retry' && intent !== null;
  const { defer } = caller;
  if ((unchanged || retrySafe) && authorized.reserved.length === 0 && !result.blocked && defer) {
    const at = deps.clock.now();
    const settled = intent && { ...intent, state: 'committed' as const, settledAt: at };
    defer(
      { type: 'syscall.completed', pid, actor: pid, data },
      settled === null && taint === null
        ? undefined
        : async (tx) => {
            if (settled !== null) await tx.updateIntent(settled);
            const tainted = taint === null ? null : await taint(tx, at);
            if (tainted !== null) await tx.appendJournal([tainted]);
          },
    );
    return;
  }
  await runCommand(deps, { actor: pid }, async (scope) => {
    if (intent !== null)
      await scope.tx.updateIntent({ ...intent, state: 'committed', settledAt: scope.now });
    await done.files?.write(scope.tx, scope.now);
    const approvalId = await usedApproval(scope.tx, {
      pid,
      verdict: authorized.verdict,
      callHash: done.callHash,
    });
    if (approvalId !== null) data.approvalId = approvalId;
    scope.journal('syscall.completed', pid, data);
    const tainted = taint === null ? null : await taint(scope.tx, scope.now);
    if (tainted !== null) scope.journal(tainted.type, tainted.pid, tainted.data);
  });
}

/**
 * Settles a call whose body threw: the intent (not_started or failed), reserved uses (back only
 * when the effect provably never started) and exactly one outcome entry.
 */
export async function settleFailure(
  deps: RuntimeDeps,
  caller: SettleCaller,
  failure: {
    spec: AnySyscall;
    needs: readonly ResourceNeed[];
    authorized: Reservation;
    error: LibosError;
    effect: EffectProgress;
  },
): Promise<void> {
  const { error, authorized, effect } = failure;
  // Caller and policy errors are raised before a body starts its effect (the syscall contract),
  // so the effect provably never started: reserved one-shot uses go back. A body that said its
  // effect began (effectStarted) has changed something: whatever the error, the use stays spent
  // and the intent fails, with what was done journaled.
  const notStarted =
    !effect.started && (error.category === 'caller' || error.category === 'policy');
  const partial = effect.progress === null ? {} : { partial: effect.progress };
  await runCommand(deps, { actor: caller.lease.pid }, async (scope) => {
    if (notStarted) await giveBack(scope, authorized.reserved);
    await effect.files?.write(scope.tx, scope.now);
    if (authorized.intent !== null) {
      const state = notStarted ? 'not_started' : 'failed';
      await scope.tx.updateIntent({
        ...authorized.intent,
        state,
        code: error.code,
        settledAt: scope.now,
      });
      scope.journal('effect.settled', caller.lease.pid, {
        intent: authorized.intent.id,
        state,
        code: error.code,
        ...partial,
      });
    }
    scope.journal(
      // A refusal after the effect began is a failure: something was done.
      error.category === 'policy' && !effect.started ? 'syscall.denied' : 'syscall.failed',
      caller.lease.pid,
      {
        syscall: failure.spec.name,
        callId: caller.callId,
        ...touchedFields(failure.needs),
        code: error.code,
        ...(effect.started ? { started: true } : {}),
        ...partial,
      },
    );
  });
}

/** Hands reserved one-shot uses back to their records. */
export async function giveBack(
  scope: CommandScope,
  reserved: readonly Capability[],
): Promise<void> {
  for (const record of reserved) {
    const current = await scope.tx.getCapability(record.id);
    if (current?.usesRemaining != null)
      await scope.tx.updateCapability({ ...current, usesRemaining: current.usesRemaining + 1 });
  }
}

/** Journals the outcome of a call refused before any decision (unknown syscall, bad input). */
export async function fail(
  deps: RuntimeDeps,
  caller: SettleCaller,
  failure: { syscall: string; error: LibosError },
): Promise<LibosError> {
  const { error } = failure;
  await runCommand(deps, { actor: caller.lease.pid }, async (scope) => {
    await scope.tx.assertLease(caller.lease.pid, caller.lease.fence);
    scope.journal(
      error.category === 'policy' ? 'syscall.denied' : 'syscall.failed',
      caller.lease.pid,
      {
        syscall: failure.syscall,
        callId: caller.callId,
        resource: null,
        rights: [],
        code: error.code,
      },
    );
  });
  return error;
}
