// The workspace paths a runtime reserves for its own state, found from the real locations of both.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { LibosError } from '../base/errors.js';

/** The workspace-relative name every runtime reserves: where the database used to live by default. */
export const LEGACY_STATE_DIRECTORY = '.agent-libos';

/**
 * The workspace-relative paths no syscall may reach: `.agent-libos` (the former default place of
 * the database, so one left there stays unreachable), and the state directory (the directory
 * holding the database, its WAL, lock and anchor log) when it lies inside the workspace. Real
 * paths are compared, so a workspace reached through a link still finds its state.
 * @throws INVALID_INPUT when the state directory is the workspace itself (every path would be
 *   the runtime's, or none would be protected)
 */
export function reservedPaths(options: {
  readonly workspace: string;
  readonly stateDirectory: string | null;
}): string[] {
  const reserved = [LEGACY_STATE_DIRECTORY];
  if (options.stateDirectory === null) return reserved;
  const workspace = realOrResolved(options.workspace);
  const state = realOrResolved(options.stateDirectory);
  const inside = relative(workspace, state);
  if (inside === '') {
    throw new LibosError(
      'INVALID_INPUT',
      'Opening the runtime failed: the database must not lie directly in the workspace; give it a directory of its own (e.g. .agent-libos/runtime.db) or leave --db out',
    );
  }
  if (inside.startsWith('..') || isAbsolute(inside)) return reserved;
  const path = inside.split(sep).join('/');
  return path === LEGACY_STATE_DIRECTORY ? reserved : [...reserved, path];
}

/** The directory that holds `dbPath` (its WAL, lock and anchor log live beside it). */
export function stateDirectoryOf(dbPath: string): string {
  return dirname(resolve(dbPath));
}

// The real path of `path`, or of its nearest existing ancestor with the rest appended.
function realOrResolved(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute
      ? absolute
      : resolve(realOrResolved(parent), relative(parent, absolute));
  }
}
