// The runtime's state directory: where each workspace's database, WAL, lock and anchor log live.
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { sha256Hex } from './base/hash.js';
import { checkWorkspace } from './check-workspace.js';
import { reservedPaths, stateDirectoryOf } from './runtime/reserved-paths.js';
import { checkStorePath } from './store/sqlite/check-store-path.js';
import { toStoreError } from './store/sqlite/to-store-error.js';

/** The database's file name in its state directory. */
export const DB_FILE_NAME = 'runtime.db';

/**
 * Where the runtime keeps state for all workspaces: `AGENT_LIBOS_STATE_HOME`, else
 * `$XDG_STATE_HOME/agent-libos`, else `~/.local/state/agent-libos`.
 */
export function stateHome(env: Readonly<Record<string, string | undefined>>): string {
  const given = env.AGENT_LIBOS_STATE_HOME?.trim();
  if (given !== undefined && given !== '') return resolve(given);
  const xdg = env.XDG_STATE_HOME?.trim();
  if (xdg !== undefined && xdg !== '') return join(resolve(xdg), 'agent-libos');
  return join(env.HOME?.trim() || homedir(), '.local', 'state', 'agent-libos');
}

/**
 * The default database of `workspace`: `<state home>/workspaces/<name>-<hash>/runtime.db`, keyed
 * by the workspace's real path, so the runtime's state is never a workspace file (no syscall,
 * shell or sandbox view built from the workspace can reach it) and each workspace has its own.
 */
export function defaultDbPath(
  workspace: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const real = realWorkspace(workspace);
  const name =
    basename(real)
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 40) || 'root';
  return join(
    stateHome(env),
    'workspaces',
    `${name}-${sha256Hex(real).slice(0, 16)}`,
    DB_FILE_NAME,
  );
}

function realWorkspace(workspace: string): string {
  const absolute = resolve(workspace);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/** Resolves the database path the same way for the library and the CLI. */
export function resolveDbPath(options: {
  workspace?: string;
  db?: string;
  env: Readonly<Record<string, string | undefined>>;
}): string {
  const workspace = resolve(options.workspace ?? '.');
  return options.db === undefined
    ? defaultDbPath(workspace, options.env)
    : resolve(workspace, options.db);
}

/**
 * Checks where the database of `workspace` may go and creates its directory, private to the
 * user (0700); a default one also gets a `workspace` note saying whose it is. Returns the state
 * directory.
 * @throws NOT_FOUND when the workspace does not exist; INVALID_INPUT when it is not a directory,
 *   for a database directly in the workspace, a path that is a directory or lies under a file;
 *   NOT_PERMITTED when the directory cannot be written (before anything is created)
 */
export function prepareStateDirectory(
  dbPath: string,
  options: { workspace: string; env: Readonly<Record<string, string | undefined>> },
): string {
  checkWorkspace(resolve(options.workspace), { named: 'workspace' });
  const directory = stateDirectoryOf(dbPath);
  reservedPaths({ workspace: options.workspace, stateDirectory: directory });
  checkStorePath(dbPath, { attempted: 'Creating the state directory', writable: true });
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw toStoreError(error, 'Creating the state directory', { path: directory });
  }
  const note = join(directory, 'workspace');
  if (resolve(dbPath) === defaultDbPath(options.workspace, options.env) && !existsSync(note))
    writeFileSync(note, `${realWorkspace(options.workspace)}\n`, { mode: 0o600 });
  return directory;
}
