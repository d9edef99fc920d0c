// The one door: parse → resolve resources → decide → deny | ask | allow → reserve → intent → run → settle → journal.
import { canonicalJson } from '../base/canonical-json.js';
import { LibosError, toLibosError } from '../base/errors.js';
import { sha256Hex } from '../base/hash.js';
import type { Capability } from '../kernel/capability/types.js';
import type { EffectIntent } from '../kernel/effect/types.js';
import type { Pid } from '../base/ids.js';
import type { KernelOps } from '../ports/kernel-ops.js';
import type { StoreReader } from '../ports/store.js';
import type { AnySyscall, ResourceNeed, SyscallResult } from '../syscalls/define-syscall.js';
import { askForPermission } from './authority/ask-for-permission.js';
import { needText, type Verdict } from './authority/load-decision.js';
import type { LeaseRef } from './commands/block.js';
import { runCommand, type CommandScope } from './commands/command-scope.js';
import type { RuntimeDeps } from './deps.js';
import { parseInput } from './inputs.js';
import type { CommandRunner } from '../ports/command-runner.js';
import type { HostResolver } from '../ports/host-resolver.js';
import type { McpClients } from '../ports/mcp-client.js';
import { touchesReserved } from '../kernel/capability/touches-reserved.js';
import type { ModelResolver, StreamModels } from './agent/call-model.js';
import type { LiveChannel } from './live-channel.js';
import type { Sensitivity } from '../kernel/object/types.js';
import type { WorkspaceRoot } from '../syscalls/fs/workspace-root.js';
import type { Tracing } from './telemetry/tracing.js';
import { noteDecision, type Decided } from './telemetry/trace-syscall.js';
import type { Exit } from '../kernel/flow/types.js';
import { showHeld } from './flow/held-call.js';
import { decideCall as decideCallWith } from './authority/decide-call.js';
import { replayedCall } from './authority/replayed-call.js';
import { CallFileLog } from './workspace/call-file-log.js';
import {
  fail,
  giveBack,
  settleFailure,
  settleSuccess,
  InlineCompletion,
  type Allowance,
  type EffectProgress,
  type Defer,
} from './settle-call.js';

/**
 * The key of the test-only hooks on `RuntimeOptions`. Only `src/testing/safety-hooks.ts` builds
 * hooks; no configuration, CLI flag or string reaches them (the package exports neither).
 */
export const SAFETY_HOOKS: unique symbol = Symbol('agent-libos.safety-hooks');

/** What a verdict review sees: the call, and a reader of the snapshot the verdict came from. */
export type VerdictReview = CallCheck & { readonly now: number; readonly reader: StoreReader };

type CallCheck = { pid: Pid; syscall: string; needs: readonly ResourceNeed[]; callHash: string };

/** A point in a call where the benchmark may simulate a crash. */
export type EffectPoint = { pid: Pid; callId: string; syscall: string; stage: 'ran' | 'settled' };

/**
 * Test-only hooks for the safety benchmark's baselines and ablations (`src/safety/`). A real
 * runtime never has them; the pipeline's behaviour without them is the product.
 */
export interface SafetyHooks {
  /**
   * Replaces the verdict of a call. An allow verdict lists the records it used; a need allowed
   * without any record is left out of `decisions`, so its journal entry names no capability.
   */
  readonly review?: (verdict: Verdict, call: VerdictReview) => Verdict | Promise<Verdict>;
  /** False: external effects get no intent, so nothing guards a re-issued call against replay. */
  readonly effectIntents?: boolean;
  /** False: no exit is checked against the caller's taint (a runtime without labels). */
  readonly labels?: boolean;
  /**
   * Called once a body ran (`ran`, before its outcome is settled) and once it settled; a throw
   * there ends the call as a crash would, with nothing settled after it.
   */
  readonly afterEffect?: (point: EffectPoint) => void | Promise<void>;
}

/** What the pipeline needs besides the runtime's dependencies. */
export interface PipelineHost {
  readonly deps: RuntimeDeps;
  readonly syscalls: ReadonlyMap<string, AnySyscall>;
  /** The workspace root, kept open for the runtime's life (closed by `Runtime.close`). */
  readonly workspace: WorkspaceRoot;
  /** Workspace paths of the runtime's own state: no grant reaches them (see `touchesReserved`). */
  readonly reserved?: readonly string[];
  /** Deadline given to requests raised by `ask` records; unanswered by then, the call is denied. */
  readonly askDeadlineMs?: number | null;
  /** Largest Object Memory payload (default OBJECT_LIMITS.maxPayloadBytes, 16 MiB). */
  readonly maxObjectBytes?: number;
  /** Test-only hooks (see SAFETY_HOOKS); absent in every real runtime. */
  readonly hooks?: SafetyHooks;
  /** The model providers `model.call` reaches (absent: a runtime without models). */
  readonly models?: ModelResolver;
  /** The runtime's live channel: model calls stream their deltas to it (see StreamModels). */
  readonly live?: LiveChannel;
  /** When model calls stream (default `auto`: while someone watches on `live`). */
  readonly streamModels?: StreamModels;
  /** The most sensitive label the runtime's models may see in a context (default `internal`). */
  readonly modelClearance?: Sensitivity;
  /** Runs `shell.run` commands (absent: the runtime refuses them). */
  readonly commands?: CommandRunner;
  /** Host path of the runtime's state directory (no executable may lie in it); null: none. */
  readonly stateDirectory?: string | null;
  /** Resolves host names for `net.fetch` (absent: the system resolver). */
  readonly resolveHost?: HostResolver;
  /** Reaches the registered MCP servers (absent: `mcp.*` calls are refused). */
  readonly mcp?: McpClients;
  /** The runtime's spans (absent: nothing traced). */
  readonly tracing?: Tracing;
}

/** The caller of a syscall: a process inside one quantum. */
export interface SyscallCaller {
  readonly lease: LeaseRef;
  readonly cwd: string;
  readonly signal: AbortSignal;
  readonly kernel: KernelOps;
  /** Queues an entry for the caller's next command (see `settleSuccess`); absent: none. */
  readonly defer?: Defer;
}

/** A caller with the id of the call it is making (journaled with every outcome). */
type Caller = SyscallCaller & { readonly callId: string };

/** One invocation. */
export interface SyscallCall {
  readonly name: string;
  readonly input: unknown;
  /** Stable id of this logical call (e.g. a model tool-call id); its intent key derives from it. */
  readonly callId: string;
}

type Authorized =
  | { readonly kind: 'denied'; readonly error: LibosError }
  | { readonly kind: 'asked' }
  | ({ readonly kind: 'allowed' } & Allowance);

/** A state change already made by this very call: allowed again without a decision. */
const REPLAYED: Authorized = {
  kind: 'allowed',
  verdict: { effect: 'allow', decisions: [] },
  reserved: [],
  intent: null,
  replayed: true,
};

/**
 * Runs `call` for `caller` through the whole pipeline. Returns the body's result, or
 * `{ blocked: true }` when the process now waits (on a human, a child, a message or a timer).
 * `decided` receives the decision, for the call's span (`telemetry/trace-syscall.ts`).
 * @throws NOT_FOUND (unknown syscall), INVALID_INPUT, NOT_PERMITTED (denied), the body's errors
 */
export async function invokeSyscall(
  host: PipelineHost,
  from: SyscallCaller,
  call: SyscallCall,
  decided?: Decided,
): Promise<SyscallResult<unknown>> {
  const caller: Caller = { ...from, callId: call.callId };
  const { deps } = host;
  const pid = caller.lease.pid;
  const spec = host.syscalls.get(call.name);
  if (spec === undefined) {
    throw await fail(deps, caller, {
      syscall: call.name,
      error: new LibosError(
        'NOT_FOUND',
        `Calling ${JSON.stringify(call.name)} failed: no such syscall`,
      ),
    });
  }
  let input: unknown;
  let needs: readonly ResourceNeed[];
  let located: unknown;
  let exit: Exit | null;
  try {
    input = parseInput(spec.input, call.input, spec.name);
    // Ids are resolved before the decision; what `locate` finds is never shown to the caller.
    const { locate } = spec;
    if (locate !== undefined)
      located = await deps.store.read((reader) => locate(input, { pid, cwd: caller.cwd, reader }));
    needs = spec.resources(input, { pid, cwd: caller.cwd, located });
    exit = spec.exit?.(input, { pid, cwd: caller.cwd, located }) ?? null;
  } catch (error) {
    throw await fail(deps, caller, { syscall: spec.name, error: toLibosError(error, spec.name) });
  }
  const callHash = sha256Hex(canonicalJson({ pid, syscall: spec.name, input }));
  // A state change is remembered under this call's id *and* its exact input, so another call that
  // reuses the id never gets this one's outcome.
  const outcomeKey = sha256Hex(`${pid}\u0000${call.callId}\u0000${callHash}`);
  const checked = { spec, input, needs, callHash, callId: call.callId, outcomeKey, exit };
  const authorized = await authorize(host, caller, checked);
  if (decided !== undefined) noteDecision(decided, authorized);
  if (authorized.kind === 'denied') throw authorized.error;
  if (authorized.kind === 'asked') return { blocked: true };
  return execute(host, caller, { spec, input, located, needs, callHash, authorized, outcomeKey });
}

async function authorize(
  host: PipelineHost,
  caller: Caller,
  call: {
    spec: AnySyscall;
    /** The parsed input (what an approval's action text is made from). */
    input: unknown;
    needs: readonly ResourceNeed[];
    callHash: string;
    callId: string;
    outcomeKey: string;
    /** The exit the call sends data through (checked against the caller's taint), or null. */
    exit: Exit | null;
  },
): Promise<Authorized> {
  const { deps } = host;
  const pid = caller.lease.pid;
  const { needs, callHash, exit } = call;
  const check = { pid, syscall: call.spec.name, needs, callHash, exit };
  // The runtime's own state is outside every grant: refused before any record is looked at.
  const reserved = call.needs.find((n) =>
    touchesReserved(n.resource, n.right, host.reserved ?? []),
  );
  if (reserved !== undefined) {
    const at = { need: reserved, decision: { effect: 'deny', record: null } as const };
    return runCommand(deps, { actor: pid }, (scope) =>
      denyInScope(scope, {
        syscall: call.spec.name,
        callId: call.callId,
        verdict: { effect: 'deny', at, decisions: [at] },
        why: "it is the runtime's own state, which no process may reach",
      }),
    );
  }
  // A call with an exit is decided in a transaction: the quantum's deferred writes (the taint a
  // read just raised) land first, so the check reads the caller's taint as it now is.
  if (call.spec.effect !== 'external' && call.exit === null) {
    // Fast path: a read-only decision outside any transaction when nothing must be reserved.
    const now = deps.clock.now();
    const verdict = await deps.store.read(async (reader) =>
      (await replayedCall(reader, call))
        ? null
        : (await decideCall(host, { ...check, now, reader })).verdict,
    );
    if (verdict === null) return REPLAYED;
    if (
      verdict.effect === 'allow' &&
      verdict.decisions.every((d) => d.decision.effect === 'allow' && !d.decision.oneShot)
    ) {
      return { kind: 'allowed', verdict, reserved: [], intent: null, replayed: false };
    }
  }
  const outcome = await runCommand(deps, { actor: pid }, async (scope) => {
    await scope.tx.assertLease(pid, caller.lease.fence);
    if (await replayedCall(scope.tx, call)) return REPLAYED;
    const { verdict, hold } = await decideCall(host, {
      ...check,
      now: scope.now,
      reader: scope.tx,
    });
    const where = { pid, cwd: caller.cwd };
    const action = verdict.effect === 'ask' ? call.spec.approval?.(call.input, where) : undefined;
    const shown = showHeld(scope, { hold, verdict }, { ...check, callId: call.callId, action });
    switch (verdict.effect) {
      case 'deny':
        return denyInScope(scope, { ...check, callId: call.callId, verdict, why: shown.why });
      case 'ask':
        await askForPermission(scope, deps, {
          ...check,
          need: verdict.at.need,
          ...shown,
          ...(call.spec.preview === undefined
            ? {}
            : { preview: call.spec.preview(call.input, where) }),
          deadline: host.askDeadlineMs == null ? null : scope.now + host.askDeadlineMs,
        });
        return { kind: 'asked' } as const;
      case 'allow':
        return allowInScope(scope, host, {
          spec: call.spec,
          verdict,
          needs: call.needs,
          pid,
          callId: call.callId,
        });
    }
  });
  return outcome;
}

async function denyInScope(
  scope: CommandScope,
  denial: {
    syscall: string;
    callId: string;
    verdict: Extract<Verdict, { effect: 'deny' }>;
    /** Why, when it is not the capability records (the runtime's reserved state, the labels). */
    why?: string | undefined;
  },
): Promise<Authorized> {
  const { need, decision } = denial.verdict.at;
  const record = decision.record;
  // A one-shot denial (deny_once) is used up by the call it was bound to.
  if (record !== null && record.boundCall !== null && record.usesRemaining !== null) {
    await scope.tx.updateCapability({ ...record, usesRemaining: record.usesRemaining - 1 });
  }
  // A need resolved from an id is shown as the caller named it: an unknown id and an object of
  // another namespace are refused with the same entry and the same error.
  const resource = need.shown ?? needText(need);
  scope.journal(
    'syscall.denied',
    scope.actor === 'operator' || scope.actor === 'runtime' ? null : scope.actor,
    {
      syscall: denial.syscall,
      callId: denial.callId,
      resource,
      rights: [need.right],
      capabilityId: need.shown === undefined ? (record?.id ?? null) : null,
      code: 'NOT_PERMITTED',
    },
  );
  // With no record at all, say which grant would allow it (never for a need shown by id: that
  // would tell an unknown id from another namespace's object).
  const why =
    denial.why ??
    (need.shown !== undefined
      ? 'no capability allows it'
      : record === null
        ? `no capability allows it (the operator can grant it: --grant ${resource}=${need.right})`
        : 'a capability denies it');
  return {
    kind: 'denied',
    error: new LibosError(
      'NOT_PERMITTED',
      `${denial.syscall} was denied: ${need.right} on ${resource}: ${why}`,
      { details: { resource, right: need.right } },
    ),
  };
}

async function allowInScope(
  scope: CommandScope,
  host: PipelineHost,
  call: {
    spec: AnySyscall;
    verdict: Verdict;
    needs: readonly ResourceNeed[];
    pid: LeaseRef['pid'];
    callId: string;
  },
): Promise<Authorized> {
  const { deps } = host;
  const idempotencyKey = sha256Hex(`${call.pid}\u0000${call.callId}`);
  const external = call.spec.effect === 'external' && host.hooks?.effectIntents !== false;
  if (external) {
    // A call whose effect was already dispatched is never run twice, whatever happened since.
    const earlier = await scope.tx.findIntentByKey(idempotencyKey);
    if (earlier !== undefined) {
      scope.journal('syscall.failed', call.pid, {
        syscall: call.spec.name,
        callId: call.callId,
        intent: earlier.id,
        code: 'ALREADY_EXISTS',
      });
      return {
        kind: 'denied',
        error: new LibosError(
          'ALREADY_EXISTS',
          `${call.spec.name} was not run again: its effect was already dispatched (${earlier.state})`,
          {
            details: { intent: earlier.id, state: earlier.state },
          },
        ),
      };
    }
  }
  const reserved: Capability[] = [];
  for (const { decision } of call.verdict.decisions) {
    if (decision.effect !== 'allow' || !decision.oneShot || decision.record.usesRemaining === null)
      continue;
    const record = { ...decision.record, usesRemaining: decision.record.usesRemaining - 1 };
    await scope.tx.updateCapability(record);
    reserved.push(record);
  }
  if (!external)
    return { kind: 'allowed', verdict: call.verdict, reserved, intent: null, replayed: false };
  const resource = call.needs.map(needText).join(' ');
  const intent: EffectIntent = {
    id: deps.ids.next('effect'),
    pid: call.pid,
    syscall: call.spec.name,
    resource,
    idempotencyKey,
    state: 'pending',
    code: null,
    createdAt: scope.now,
    settledAt: null,
  };
  await scope.tx.insertIntent(intent);
  scope.journal('effect.intended', call.pid, {
    intent: intent.id,
    syscall: call.spec.name,
    resource,
  });
  return { kind: 'allowed', verdict: call.verdict, reserved, intent, replayed: false };
}

async function execute(
  host: PipelineHost,
  caller: Caller,
  call: {
    spec: AnySyscall;
    input: unknown;
    located: unknown;
    needs: readonly ResourceNeed[];
    callHash: string;
    authorized: Extract<Authorized, { kind: 'allowed' }>;
    /** The key this call's state changes store their outcome under. */
    outcomeKey: string;
  },
): Promise<SyscallResult<unknown>> {
  const { deps } = host;
  const { spec, authorized } = call;
  const callKey = sha256Hex(`${caller.lease.pid}\u0000${caller.callId}`);
  const files = new CallFileLog(deps.store, { ...caller.lease, callKey, spec, authorized });
  const effect: EffectProgress = { started: false, progress: null, files };
  const returned = {
    spec,
    needs: call.needs,
    callHash: call.callHash,
    authorized,
    input: call.input,
  };
  // A body that persists its result in a command of its own (a model call) settles the call there.
  const completion =
    spec.settlesInline === true
      ? new InlineCompletion({ pid: caller.lease.pid, callId: caller.callId }, returned)
      : undefined;
  let result: SyscallResult<unknown>;
  try {
    result = await spec.run(call.input, {
      pid: caller.lease.pid,
      cwd: caller.cwd,
      workspace: host.workspace,
      signal: caller.signal,
      clock: deps.clock,
      kernel: caller.kernel.forCall(call.outcomeKey, completion),
      located: call.located,
      resources: call.needs,
      granted: authorized.verdict.decisions.map((d) =>
        d.decision.effect === 'allow' ? d.decision.record.resource : null,
      ),
      callHash: call.callHash,
      callKey,
      idempotencyKey: authorized.intent?.idempotencyKey ?? null,
      fileChanges: files,
      effectStarted: (progress) => {
        effect.started = true;
        if (progress !== undefined) effect.progress = progress;
      },
    });
  } catch (thrown) {
    const error = toLibosError(thrown, spec.name);
    await settleFailure(deps, caller, { spec, needs: call.needs, authorized, error, effect });
    throw error;
  }
  const point = { pid: caller.lease.pid, callId: caller.callId, syscall: spec.name };
  await host.hooks?.afterEffect?.({ ...point, stage: 'ran' });
  if (result.blocked && authorized.intent === null) {
    // A call that now waits has not finished: the one-shot uses it reserved go back, so the same
    // call re-issued after the wake-up passes the same check once more and is charged then.
    if (authorized.reserved.length > 0)
      await runCommand(deps, { actor: caller.lease.pid }, (scope) =>
        giveBack(scope, authorized.reserved),
      );
    return result;
  }
  // What the call handed its caller joins the caller's taint with the outcome.
  const where = { pid: caller.lease.pid, cwd: caller.cwd, located: call.located };
  const received = result.blocked ? null : spec.received?.(call.input, result.value, where);
  if (completion?.settled !== true)
    await settleSuccess(deps, caller, { ...returned, result, received, files });
  await host.hooks?.afterEffect?.({ ...point, stage: 'settled' });
  return result;
}

/** The call's verdict under this host's cache, model clearance and test-only hooks. */
const decideCall = (host: PipelineHost, call: VerdictReview & { readonly exit: Exit | null }) =>
  decideCallWith(call, host, host.deps.capabilities);
