// What every command receives: the output sink, global options resolved to absolute paths.
import type { Command } from 'commander';
import { isAbsolute, resolve } from 'node:path';
import type { Clock } from '../base/clock.js';
import { LibosError } from '../base/errors.js';
import { checkWorkspace } from '../check-workspace.js';
import { resolveDbPath } from '../state-directory.js';
import type { CliIo, CliTerminal } from './cli-io.js';

/** The global options every command accepts, as commander parsed them. */
export interface GlobalOptions {
  readonly db?: string;
  readonly workspace?: string;
  readonly json?: boolean;
}

/** The resolved environment of one command invocation. */
export interface CliContext {
  readonly io: CliIo;
  /** Print machine-readable JSON instead of tables and sentences. */
  readonly json: boolean;
  /** Absolute workspace directory. */
  readonly workspace: string;
  /** Absolute database path (`--db`, or the workspace's default in the per-user state home). */
  readonly dbPath: string;
  /** Whether `--db` was given explicitly. */
  readonly isDbGiven: boolean;
  /** Whether `--workspace` was given explicitly. */
  readonly isWorkspaceGiven: boolean;
  /** Fires when the invocation should stop (Ctrl-C or SIGTERM in the command's entry). */
  readonly signal: AbortSignal | undefined;
  /** The time source of commands and of the runtimes they open (expiries, ages, decisions). */
  readonly clock: Clock;
  /** Absolute directory relative paths on the command line are taken from. */
  readonly cwd: string;
  /** Where API keys and `AGENT_LIBOS_*` settings are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The person's terminal when stdin and stdout are both TTYs; null otherwise. */
  readonly terminal: CliTerminal | null;
}

/** What a command action does once its context is resolved; returns the exit code. */
export type Action = (context: CliContext) => Promise<number>;

/** Turns an action into a commander handler (resolves the context, reports errors, sets the exit code). */
export type Act = (action: Action) => (command: Command) => Promise<void>;

/** What resolveCliContext needs besides the parsed options. */
export interface CliEnvironment {
  readonly io: CliIo;
  readonly cwd: string;
  readonly clock: Clock;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly terminal: CliTerminal | null;
  readonly signal?: AbortSignal;
}

/**
 * Resolves the global options against `cwd`.
 * @throws INVALID_INPUT when `--db` or `--workspace` is empty or contains a NUL byte, or the
 *   workspace is not a directory; NOT_FOUND when the workspace does not exist (nothing is created).
 */
export function resolveCliContext(globals: GlobalOptions, options: CliEnvironment): CliContext {
  checkPath('--workspace', globals.workspace);
  checkPath('--db', globals.db);
  const workspace = resolve(options.cwd, globals.workspace ?? '.');
  checkWorkspace(workspace, { named: '--workspace' });
  const db =
    globals.db === undefined || isAbsolute(globals.db)
      ? globals.db
      : resolve(options.cwd, globals.db);
  return {
    io: options.io,
    json: globals.json === true,
    workspace,
    dbPath: resolveDbPath(
      db === undefined ? { workspace, env: options.env } : { workspace, db, env: options.env },
    ),
    isDbGiven: globals.db !== undefined,
    isWorkspaceGiven: globals.workspace !== undefined,
    signal: options.signal,
    clock: options.clock,
    cwd: resolve(options.cwd),
    env: options.env,
    terminal: options.terminal,
  };
}

function checkPath(option: string, value: string | undefined): void {
  if (value === undefined) return;
  if (value.trim() === '' || value.includes('\0')) {
    throw new LibosError('INVALID_INPUT', `Reading the options failed: ${option} needs a path`, {
      details: { option },
    });
  }
}
