// The JitRunner port: runs one JIT tool's source in a sandbox whose only door is the caller's syscalls.
import type { Json } from '../base/canonical-json.js';

/**
 * What the sandbox asks the host to do for the guest: one syscall, run by the host as the calling
 * process through the normal pipeline. Resolves to the syscall's value, `{ blocked: true }` when
 * the process now waits (the run then ends as blocked), or throws the pipeline's `LibosError`
 * (which the guest sees as a failed call with its code and message).
 */
export type JitSyscall = (
  name: string,
  input: Json,
) => Promise<{ readonly blocked: false; readonly value: Json } | { readonly blocked: true }>;

/** One run of a JIT tool. */
export interface JitRunRequest {
  /** TypeScript source exporting `run(args, libos)`. */
  readonly source: string;
  readonly args: Json;
  /** The guest's only door to the world. */
  readonly syscall: JitSyscall;
  /** Fires when the call is cancelled (the guest is killed). */
  readonly signal: AbortSignal;
}

/** What a run came to: the tool's JSON result, or a brokered syscall parked the process. */
export type JitRunOutcome =
  { readonly blocked: false; readonly value: Json } | { readonly blocked: true };

/**
 * Runs JIT tools. An adapter (`src/sandbox/`) that the composition root injects; the runtime
 * never knows how the sandbox is made.
 */
export interface JitRunner {
  /**
   * Runs `request.source` with `request.args` and returns its result. The guest process is gone
   * when this settles, whatever the outcome.
   * @throws TOOL_FAILED (the tool threw, broke the protocol or died), DEADLINE_EXCEEDED (wall
   *   limit), OUT_OF_RANGE (heap, frame, result or syscall-count limit), CANCELLED, INTERNAL (no
   *   sandbox available)
   */
  run(request: JitRunRequest): Promise<JitRunOutcome>;
}
