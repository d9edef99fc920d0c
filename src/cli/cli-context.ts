// What every command receives: the output sink, global options resolved to absolute paths.
import { isAbsolute, resolve } from 'node:path';
import type { Clock } from '../base/clock.js';
import { LibosError } from '../base/errors.js';
import { resolveDbPath } from '../open-runtime.js';
import type { CliIo } from './cli-io.js';

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
  /** Absolute database path (`--db`, or `<workspace>/.agent-libos/runtime.db`). */
  readonly dbPath: string;
  /** Whether `--db` was given explicitly. */
  readonly isDbGiven: boolean;
  /** Fires when the invocation should stop (e.g. Ctrl-C in the source entry). */
  readonly signal: AbortSignal | undefined;
  /** The time source of commands and of the runtimes they open (expiries, ages, decisions). */
  readonly clock: Clock;
}

/**
 * Resolves the global options against `cwd`.
 * @throws INVALID_INPUT when `--db` or `--workspace` is empty or contains a NUL byte.
 */
export function resolveCliContext(
  globals: GlobalOptions,
  options: { io: CliIo; cwd: string; clock: Clock; signal?: AbortSignal },
): CliContext {
  checkPath('--workspace', globals.workspace);
  checkPath('--db', globals.db);
  const workspace = resolve(options.cwd, globals.workspace ?? '.');
  const db =
    globals.db === undefined || isAbsolute(globals.db)
      ? globals.db
      : resolve(options.cwd, globals.db);
  return {
    io: options.io,
    json: globals.json === true,
    workspace,
    dbPath: resolveDbPath(db === undefined ? { workspace } : { workspace, db }),
    isDbGiven: globals.db !== undefined,
    signal: options.signal,
    clock: options.clock,
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
