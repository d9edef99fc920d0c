// defineSyscall: the declaration every syscall makes; the runtime's pipeline is what runs it.
import type { z } from 'zod';
import type { Json } from '../base/canonical-json.js';
import type { Clock } from '../base/clock.js';
import type { Pid } from '../base/ids.js';
import type { Right } from '../kernel/capability/catalog.js';
import type { ConcreteResource } from '../kernel/capability/types.js';
import type { ResourcePattern } from '../kernel/capability/resource.js';
import type { EffectPreview } from '../kernel/approval/types.js';
import type { Exit, Received } from '../kernel/flow/types.js';
import type { KernelOps } from '../ports/kernel-ops.js';
import type { FileChangeLog } from '../ports/file-change-store.js';
import type { StoreReader } from '../ports/store.js';
import type { WorkspaceRoot } from './fs/workspace-root.js';

/** One resource a call needs, with the right it needs on it. */
export interface ResourceNeed {
  readonly resource: ConcreteResource;
  readonly right: Right;
  /**
   * How the caller named the resource when `locate` resolved it from an id (`object:obj_…`).
   * A denial shows this instead of the resolved resource, so it reveals nothing the caller did
   * not say (an unknown id and another process's object are refused alike).
   */
  readonly shown?: string;
}

/** What resolving resources may consult: the caller and its working directory. */
export interface ResolveContext {
  readonly pid: Pid;
  /** Workspace-relative working directory. */
  readonly cwd: string;
}

/**
 * What an optional `locate` step may consult: the caller and one read-only snapshot of the store.
 * It runs before any decision, so it must return the same shape for what exists and what does not.
 */
export interface LocateContext extends ResolveContext {
  readonly reader: StoreReader;
}

/** What a syscall body runs with. It never checks authority: the pipeline already did. */
export interface SyscallRunContext extends ResolveContext {
  /** The runtime's kept-open workspace root; `path` is its host path (never shown to the model). */
  readonly workspace: WorkspaceRoot;
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly kernel: KernelOps;
  /** The resources the pipeline authorised, in the order `resources` returned them. */
  readonly resources: readonly ResourceNeed[];
  /**
   * The pattern of the record that allowed each of `resources`, in the same order (null where no
   * record was consulted: a replayed state change). `net.fetch` reads whether the grant names a
   * host or is `net:*`.
   */
  readonly granted?: readonly (ResourcePattern | null)[];
  /** Hash of this exact call (pid, syscall, canonical input); binds approvals and answers to it. */
  readonly callHash: string;
  /** A key unique to this logical call (pid + call id), stable when the call is re-issued. */
  readonly callKey: string;
  /** The idempotency key of this call's effect intent, when it has one. */
  readonly idempotencyKey: string | null;
  /**
   * Where a body that changes workspace files keeps their pre-images (before the effect begins)
   * and records each file it changed; the pipeline stores the changes with the call's outcome.
   */
  readonly fileChanges: FileChangeLog;
  /**
   * Marks the effect as begun, right before the body's first change to the world (an unlink, a
   * rename, a mkdir, the first byte written). From then on an error never means "nothing
   * happened": the intent settles `failed`, a one-shot use stays spent, and the latest `progress`
   * (paths and counts, never contents) is journaled with the failure. Before it, a caller or
   * policy error is taken as proof the effect never started. May be called again with progress.
   */
  readonly effectStarted: (progress?: { readonly [key: string]: Json }) => void;
}

/** Result of a syscall body: a value, or the process now waits (the quantum should end). */
export type SyscallResult<O> =
  { readonly blocked: false; readonly value: O } | { readonly blocked: true };

/**
 * A syscall declaration (ARCHITECTURE §4). `L` is what the optional `locate` step found (ids
 * resolved to what they name); `resources` and `run` receive it as `ctx.located`, which is
 * `undefined` for a syscall without a `locate` step.
 */
export interface SyscallSpec<I, O, L = undefined> {
  /** Dotted noun.verb, e.g. `fs.read`. */
  readonly name: string;
  readonly summary: string;
  readonly input: z.ZodType<I>;
  /**
   * Resolves ids in the input (read-only, before any decision) so that `resources` can name the
   * paths capabilities are checked on. Ids never move, so what it finds stays true for the call.
   */
  readonly locate?: (input: I, ctx: LocateContext) => Promise<L>;
  /** The resources and rights the call needs; an empty list means the call needs no grant. */
  readonly resources: (
    input: I,
    ctx: ResolveContext & { readonly located?: L },
  ) => readonly ResourceNeed[];
  /**
   * What the call changes. `none`: nothing (reads, waits, exit). `state`: runtime state only
   * (spawn, send, delegate, Object Memory, …); the kernel stores the outcome with the change,
   * keyed by the call, so a call re-issued after a crash gets it back instead of changing twice.
   * `external`: the world (file writes, notifications, …); an intent is committed before the body
   * runs and the call is never run twice.
   */
  readonly effect: 'none' | 'state' | 'external';
  /**
   * What recovery does with an `external` call's intent a crash left pending: `pause` (default)
   * marks it unknown and pauses the process for an operator; `retry` marks it unknown and lets the
   * process go on, for effects that change nothing in the world when made again (a model call).
   */
  readonly recovery?: 'pause' | 'retry';
  /**
   * True when the body persists its result in a command of its own and settles the call there
   * (`KernelOps.forCall`'s `completion`: a model call's answer); the pipeline then writes no
   * second outcome.
   */
  readonly settlesInline?: boolean;
  /**
   * What a human asked to approve the call reads besides the resource: the exact action (for
   * `shell.run`, the argv and working directory). Printable ASCII only (escape anything else);
   * absent: the resource says it all.
   */
  readonly approval?: (input: I, ctx: ResolveContext) => string;
  /**
   * The effect a human asked to approve the call is shown (a write's content, a move's paths),
   * kept with the request; absent: the resource and `approval` say it all.
   */
  readonly preview?: (input: I, ctx: ResolveContext) => EffectPreview;
  /**
   * The exit this call sends the caller's data through (a fetch's origin, an MCP server, a
   * notification, a file write, a message, a model call), or null when this input sends nothing
   * out. The pipeline checks the caller's taint against the exit's clearance before the body runs.
   */
  readonly exit?: (input: I, ctx: ResolveContext & { readonly located?: L }) => Exit | null;
  /**
   * What the completed call handed the caller (resources read, object labels, untrusted origins),
   * joined into the caller's taint with the outcome; absent or null: nothing.
   */
  readonly received?: (
    input: I,
    output: O,
    ctx: ResolveContext & { readonly located?: L },
  ) => Received | null;
  /** The journal data of a completed call: ids, hashes and sizes only, never payloads. */
  readonly journal: (input: I, output: O) => { readonly [key: string]: Json };
  readonly run: (
    input: I,
    ctx: SyscallRunContext & { readonly located?: L },
  ) => Promise<SyscallResult<O>>;
}

/** Any syscall, for registries. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds syscalls of every input and output type
export type AnySyscall = SyscallSpec<any, any, any>;

/** Declares a syscall; returns the spec unchanged but typed. */
export function defineSyscall<I, O, L = undefined>(
  spec: SyscallSpec<I, O, L>,
): SyscallSpec<I, O, L> {
  return spec;
}

/** Wraps a value as a non-blocking result. */
export function done<O>(value: O): SyscallResult<O> {
  return { blocked: false, value };
}
