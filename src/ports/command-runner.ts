// The command runner port: runs one resolved argv in a sandbox the caller has planned from its grants.
import type { Capability } from '../kernel/capability/types.js';

/**
 * One workspace entry the sandbox shows, by an open descriptor the plan verified (so what is
 * mounted is exactly what was checked, whatever is renamed meanwhile). `dir` entries without a
 * descriptor are empty directories made to hold deeper binds; `symlink` entries are recreated
 * with their target text (resolved inside the sandbox, never on the host).
 */
export type SandboxEntry =
  | {
      readonly kind: 'bind';
      /** Workspace-relative path (`.` for the root). */
      readonly path: string;
      readonly fd: number;
      readonly writable: boolean;
    }
  | { readonly kind: 'dir'; readonly path: string }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string };

/** What the sandbox is made of: the workspace entries and whether the network is shared. */
export interface SandboxPlan {
  /** In order: parents before children. */
  readonly entries: readonly SandboxEntry[];
  /** Shares the host's network namespace (the process holds a `net` grant); else none at all. */
  readonly network: boolean;
}

/** Resource limits of one command. */
export interface CommandLimits {
  /** Wall-clock limit; the whole sandbox is killed when it passes. */
  readonly timeoutMs: number;
  /** CPU seconds (RLIMIT_CPU). */
  readonly cpuSeconds: number;
  /** Address space in bytes (RLIMIT_AS) or, where the runner can make a cgroup, memory. */
  readonly memoryBytes: number;
  /** Most processes at once (a cgroup's pids.max, else RLIMIT_NPROC). */
  readonly processes: number;
  /** Bytes kept of stdout and of stderr each; the rest is counted and dropped. */
  readonly outputBytes: number;
}

/** A command ready to run: everything resolved and authorised by the caller. */
export interface CommandRequest {
  /** Absolute host path of the executable (on the fixed safe PATH, never in the workspace). */
  readonly executable: string;
  /** The full argv; `argv[0]` is the name the caller gave. */
  readonly argv: readonly string[];
  /** Workspace-relative working directory. */
  readonly cwd: string;
  /** The complete environment the command gets (already scrubbed). */
  readonly env: Readonly<Record<string, string>>;
  readonly stdin: string | null;
  readonly plan: SandboxPlan;
  /**
   * Host paths the command must not see even where a system directory is bound (the workspace's
   * own host path — `/usr/src/app` lies under `/usr` — and the runtime's state directory).
   */
  readonly hidden: readonly string[];
  readonly limits: CommandLimits;
  readonly signal: AbortSignal;
  /** Called right before the command is started (the effect begins). */
  readonly onStart: () => void;
}

/** How a command ended and what it printed (each stream bounded by `outputBytes`). */
export interface CommandOutcome {
  /** The exit code, or null when a signal ended it. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The wall timeout ended it. */
  readonly timedOut: boolean;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** Bytes each stream printed in all (more than kept when truncated). */
  readonly stdoutBytes: number;
  readonly stderrBytes: number;
}

/** How commands are isolated: `bwrap` (the capability-derived sandbox) or `none` (operator's choice). */
export type SandboxKind = 'bwrap' | 'none';

/** Runs commands. An adapter (`src/sandbox/shell/`); the runtime has at most one. */
export interface CommandRunner {
  readonly sandbox: SandboxKind;
  /** Where the workspace appears inside the sandbox (`/workspace`; the host path when unsandboxed). */
  readonly workspaceMount: string;
  /** The `HOME` commands get (a private directory inside the sandbox). */
  readonly home: string;
  /**
   * Runs `request` to its end, the timeout or the signal (then the whole process group or
   * sandbox is killed and the call fails CANCELLED).
   * @throws CANCELLED when `signal` fired; INTERNAL when the sandbox could not be set up.
   */
  run(request: CommandRequest): Promise<CommandOutcome>;
}

/**
 * What a command's sandbox is planned from, read in one snapshot: the calling process's
 * unrevoked records, for each delegated record the records of its delegators (a delegator's
 * deny or ask vetoes the delegate's allow, as in every decision), the workspace paths reserved
 * for the runtime's state, and the time.
 */
export interface CommandAuthority {
  readonly records: readonly Capability[];
  /** By record id: its delegators' records, nearest first. */
  readonly delegators: ReadonlyMap<string, readonly (readonly Capability[])[]>;
  readonly reserved: readonly string[];
  readonly now: number;
  /** Host paths no executable may lie in: the workspace and the runtime's state directory. */
  readonly forbidden: readonly string[];
}
