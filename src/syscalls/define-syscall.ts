// defineSyscall: the declaration every syscall makes; the runtime's pipeline is what runs it.
import type { z } from 'zod';
import type { Json } from '../base/canonical-json.js';
import type { Clock } from '../base/clock.js';
import type { Pid } from '../base/ids.js';
import type { Right } from '../kernel/capability/catalog.js';
import type { ConcreteResource } from '../kernel/capability/types.js';
import type { KernelOps } from '../ports/kernel-ops.js';

/** One resource a call needs, with the right it needs on it. */
export interface ResourceNeed {
  readonly resource: ConcreteResource;
  readonly right: Right;
}

/** What resolving resources may consult: the caller and its working directory. */
export interface ResolveContext {
  readonly pid: Pid;
  /** Workspace-relative working directory. */
  readonly cwd: string;
}

/** What a syscall body runs with. It never checks authority: the pipeline already did. */
export interface SyscallRunContext extends ResolveContext {
  /** Absolute path of the workspace root (never shown to the model). */
  readonly workspace: string;
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly kernel: KernelOps;
  /** The resources the pipeline authorised, in the order `resources` returned them. */
  readonly resources: readonly ResourceNeed[];
  /** Hash of this exact call (pid, syscall, canonical input); binds approvals and answers to it. */
  readonly callHash: string;
  /** The idempotency key of this call's effect intent, when it has one. */
  readonly idempotencyKey: string | null;
}

/** Result of a syscall body: a value, or the process now waits (the quantum should end). */
export type SyscallResult<O> =
  { readonly blocked: false; readonly value: O } | { readonly blocked: true };

/** A syscall declaration (ARCHITECTURE §4). */
export interface SyscallSpec<I, O> {
  /** Dotted noun.verb, e.g. `fs.read`. */
  readonly name: string;
  readonly summary: string;
  readonly input: z.ZodType<I>;
  /** The resources and rights the call needs; an empty list means the call needs no grant. */
  readonly resources: (input: I, ctx: ResolveContext) => readonly ResourceNeed[];
  /** `external` effects get an intent before they run (file writes, notifications, …). */
  readonly effect: 'none' | 'external';
  /** The journal data of a completed call: ids, hashes and sizes only, never payloads. */
  readonly journal: (input: I, output: O) => { readonly [key: string]: Json };
  readonly run: (input: I, ctx: SyscallRunContext) => Promise<SyscallResult<O>>;
}

/** Any syscall, for registries. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds syscalls of every input and output type
export type AnySyscall = SyscallSpec<any, any>;

/** Declares a syscall; returns the spec unchanged but typed. */
export function defineSyscall<I, O>(spec: SyscallSpec<I, O>): SyscallSpec<I, O> {
  return spec;
}

/** Wraps a value as a non-blocking result. */
export function done<O>(value: O): SyscallResult<O> {
  return { blocked: false, value };
}
