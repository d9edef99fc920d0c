// shell.run: one command, argv only, in a sandbox derived from the calling process's grants.
import { asciiOnly } from '../../base/ascii-only.js';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { canonicalJson } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import { holdsNetwork } from './holds-network.js';
import { isUnder } from '../../kernel/capability/match.js';
import type { CommandLimits } from '../../ports/command-runner.js';
import { defineSyscall, done } from '../define-syscall.js';
import { resolveWorkspacePath } from '../fs/resolve-path.js';
import { argvResource } from './argv-resource.js';
import { EXECUTABLE_NAME, resolveExecutable, SAFE_PATH } from './resolve-executable.js';
import { planSandbox, type PlannedSandbox } from './sandbox-plan.js';
import { applyStaged, type NotApplied } from './staged-creations.js';
import {
  diffScans,
  MAX_LISTED_CHANGES,
  scanWritable,
  type WorkspaceChange,
  type WorkspaceChanges,
} from './workspace-changes.js';

const ATTEMPTED = 'Running a command';

/** Default and largest wall-clock limit of one command. */
export const DEFAULT_TIMEOUT_MS = 60_000;
export const MAX_TIMEOUT_MS = 30 * 60_000;

/** The limits every command runs under (the timeout is the call's). */
export const COMMAND_LIMITS: Omit<CommandLimits, 'timeoutMs'> = {
  cpuSeconds: 600,
  memoryBytes: 4 * 1024 * 1024 * 1024,
  processes: 256,
  outputBytes: 256 * 1024,
};

/** Environment names a call may not set: the sandbox's own. */
const FIXED_ENV = new Set(['PATH', 'HOME', 'TMPDIR', 'PWD']);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const NO_NUL = (text: string): boolean => !text.includes('\0');

const input = z.strictObject({
  argv: z
    .array(
      z
        .string()
        .max(32 * 1024)
        .refine(NO_NUL, 'an argument contains a NUL character'),
    )
    .min(1)
    .max(1024)
    .refine((argv) => EXECUTABLE_NAME.test(argv[0] ?? ''), {
      message: 'argv[0] must be a bare executable name, not a path',
      path: [0],
    }),
  cwd: z.string().max(4096).optional(),
  timeoutMs: z.number().int().min(1).max(MAX_TIMEOUT_MS).default(DEFAULT_TIMEOUT_MS),
  stdin: z
    .string()
    .max(1024 * 1024)
    .optional(),
  env: z
    .record(
      z.string().regex(ENV_NAME, 'an environment name is letters, digits and _'),
      z
        .string()
        .max(32 * 1024)
        .refine(NO_NUL, 'a value contains a NUL character'),
    )
    .refine((env) => Object.keys(env).length <= 64, 'at most 64 environment variables')
    .refine((env) => Object.keys(env).every((name) => !FIXED_ENV.has(name)), {
      message: `${[...FIXED_ENV].join(', ')} are set by the sandbox`,
    })
    .optional(),
});

/** Input of `shell.run`. */
export type ShellRunInput = z.infer<typeof input>;

/** Output of `shell.run`. */
export interface ShellRunOutput {
  /** The exit code, or null when a signal (or the timeout) ended the command. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  /** Up to 256 KiB each, decoded as UTF-8; a truncated stream ends with a marker line. */
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: number;
  readonly stderrBytes: number;
  /** Workspace-relative working directory the command ran in. */
  readonly cwd: string;
  /** What ran: the name, and the SHA-256 of the executable's content. */
  readonly executable: { readonly name: string; readonly sha256: string };
  /** `bwrap`: the capability-derived sandbox; `none`: the operator runs commands unsandboxed. */
  readonly sandbox: 'bwrap' | 'none';
  /** Whether the command could reach the network (the process holds a `net` grant). */
  readonly network: boolean;
  /** The workspace files the command created, modified or deleted. */
  readonly changes: WorkspaceChanges;
  /**
   * What the command created in a directory the sandbox recreated that the workspace did not
   * take (a name hidden from the command, a path the process may not write), with the reason.
   */
  readonly notApplied: readonly NotApplied[];
}

/**
 * `shell.run`: runs `argv` (never a shell string: pipes and redirects need an interpreter such
 * as `bash -c`, which needs its own grant) with `argv[0]` looked up on a fixed safe PATH. Needs
 * `shell:<argv…> execute` (`shell:git` covers every git command, `shell:git/status` only
 * `git status …`); passing `env` needs the whole executable (`shell:git`). The command runs in
 * a sandbox planned from the process's own grants (see `planSandbox`): it sees the workspace
 * paths it may read, writes where it may write, reaches the network only with a `net` grant,
 * and runs under time, CPU, memory, process and output limits.
 * The files it changed are returned and journaled, with the executable's hash.
 * @throws NOT_PERMITTED when the runtime has no sandbox (and was not started with
 *   --unsandboxed-shell); NOT_FOUND (no such executable, or the working directory is not
 *   visible to the command); OUT_OF_RANGE (the grants need too many separate binds).
 */
export const shellRun = defineSyscall<ShellRunInput, ShellRunOutput>({
  name: 'shell.run',
  summary: 'Run a command (argv) in a sandbox derived from the process grants.',
  input,
  effect: 'external',
  // An environment can change what a command does (GIT_CONFIG_*, LD_PRELOAD, NODE_OPTIONS), so
  // passing one needs authority over the whole executable, not only over an argv prefix.
  resources: (args) => [
    { resource: { kind: 'shell', path: argvResource(args.argv) }, right: 'execute' },
    ...(args.env === undefined || Object.keys(args.env).length === 0
      ? []
      : [
          {
            resource: { kind: 'shell', path: argvResource(args.argv.slice(0, 1)) },
            right: 'execute',
          } as const,
        ]),
  ],
  approval: (args, ctx) => {
    const cwd = resolveWorkspacePath(ctx.cwd, args.cwd ?? '.', { attempted: ATTEMPTED }).path;
    const stdin = args.stdin === undefined ? '' : `, ${args.stdin.length} characters on stdin`;
    const env =
      args.env === undefined ? '' : `, env ${asciiOnly(JSON.stringify(Object.keys(args.env)))}`;
    return `run ${asciiOnly(JSON.stringify(args.argv))} in ${asciiOnly(JSON.stringify(cwd))}${stdin}${env}`;
  },
  preview: (args, ctx) => ({
    kind: 'command',
    argv: args.argv,
    cwd: resolveWorkspacePath(ctx.cwd, args.cwd ?? '.', { attempted: ATTEMPTED }).path,
  }),
  // Its output is a tool's (origin `tool`). What the command read is not labelled here: a command
  // that may read a secret can print it (see ARCHITECTURE "Labels and exits", known gaps).
  received: () => ({ origins: ['tool'] }),
  journal: (args, output) => ({
    executable: output.executable.name,
    executableSha256: output.executable.sha256,
    argvSha256: createHash('sha256').update(canonicalJson(args.argv)).digest('hex'),
    argc: args.argv.length,
    cwd: output.cwd,
    sandbox: output.sandbox,
    network: output.network,
    exitCode: output.exitCode,
    signal: output.signal,
    timedOut: output.timedOut,
    stdoutBytes: output.stdoutBytes,
    stderrBytes: output.stderrBytes,
    changes: output.changes.listed.map((c) => ({
      path: c.path,
      change: c.change,
      type: c.type,
      sha256: c.sha256,
    })),
    changesTotal: output.changes.total,
    changesIncomplete: output.changes.incomplete,
    notApplied: output.notApplied.map((n) => n.path),
  }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const runner = ctx.kernel.commandRunner();
    if (runner === null) {
      throw new LibosError(
        'NOT_PERMITTED',
        `${ATTEMPTED} was refused: this runtime runs no commands (it was opened without a command runner)`,
      );
    }
    const cwd = resolveWorkspacePath(ctx.cwd, args.cwd ?? '.', { attempted: ATTEMPTED }).path;
    const authority = await ctx.kernel.commandAuthority();
    const executable = await resolveExecutable(args.argv[0] ?? '', authority.forbidden);
    const network = holdsNetwork(authority.records, authority.now);
    const planned: PlannedSandbox | null =
      runner.sandbox === 'bwrap'
        ? await planSandbox(ctx.workspace, { ...authority, callHash: ctx.callHash })
        : null;
    // Unsandboxed, the command can write anywhere in the workspace: all of it is watched.
    const root = planned === null ? await ctx.workspace.open({ attempted: ATTEMPTED }) : null;
    try {
      const writable =
        planned?.writable ?? (root === null ? [] : [{ path: '.', handle: root.handle }]);
      if (planned !== null && !isShown(planned, cwd)) {
        throw new LibosError(
          'NOT_FOUND',
          `${ATTEMPTED} failed: the working directory ${cwd} is not visible to the command (the process may not read it)`,
        );
      }
      const before = await scanWritable(writable);
      const outcome = await runner.run({
        executable: executable.path,
        argv: args.argv,
        cwd,
        env: {
          ...args.env,
          PATH: SAFE_PATH.join(':'),
          HOME: runner.home,
          TMPDIR: '/tmp',
          LANG: args.env?.['LANG'] ?? 'C.UTF-8',
        },
        stdin: args.stdin ?? null,
        plan: { entries: planned?.entries ?? [], network },
        hidden: authority.forbidden,
        limits: { ...COMMAND_LIMITS, timeoutMs: args.timeoutMs },
        signal: ctx.signal,
        onStart: () => {
          ctx.effectStarted({ executable: args.argv[0] ?? '' });
        },
      });
      const scanned = await diffScans(before, await scanWritable(writable), writable);
      const applied =
        planned === null
          ? { created: [], notApplied: [] }
          : await applyStaged(ctx.workspace, planned);
      const changes = mergeCreated(scanned, applied.created);
      return done({
        exitCode: outcome.exitCode,
        signal: outcome.signal,
        timedOut: outcome.timedOut,
        stdout: shown(outcome.stdout, outcome.stdoutBytes),
        stderr: shown(outcome.stderr, outcome.stderrBytes),
        stdoutBytes: outcome.stdoutBytes,
        stderrBytes: outcome.stderrBytes,
        cwd,
        executable: { name: args.argv[0] ?? '', sha256: executable.sha256 },
        sandbox: runner.sandbox,
        network: runner.sandbox === 'none' || network,
        changes,
        notApplied: applied.notApplied.slice(0, MAX_LISTED_CHANGES),
      });
    } finally {
      await planned?.close();
      await root?.close();
    }
  },
});

// Whether `cwd` exists inside the planned sandbox: a bound path holds it, or it was recreated.
function isShown(planned: PlannedSandbox, cwd: string): boolean {
  return planned.entries.some((entry) =>
    entry.kind === 'bind' ? isUnder(cwd, entry.path) : entry.kind === 'dir' && entry.path === cwd,
  );
}

// A stream as the model sees it: UTF-8, with a marker line when bytes were dropped.
function shown(kept: Buffer, total: number): string {
  const text = kept.toString('utf8');
  if (total <= kept.length) return text;
  return `${text}\n[… ${total - kept.length} more bytes not shown]`;
}

// The scanned changes with the entries applied from staging directories, in path order.
function mergeCreated(
  scanned: WorkspaceChanges,
  created: readonly WorkspaceChange[],
): WorkspaceChanges {
  if (created.length === 0) return scanned;
  const listed = [...scanned.listed, ...created]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .slice(0, MAX_LISTED_CHANGES);
  return { listed, total: scanned.total + created.length, incomplete: scanned.incomplete };
}
