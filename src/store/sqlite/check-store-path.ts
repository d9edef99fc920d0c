// Checks where a store file is to go before anything is created there, so a bad path changes nothing.
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LibosError } from '../../base/errors.js';

/**
 * Refuses a store path that cannot work, naming the path and the fix, before a directory, a lock
 * file or a database is made: a directory where the file should be (INVALID_INPUT), a regular
 * file where a directory on the way should be (INVALID_INPUT), and — for a writable open — a
 * database file, or the directory it must be created in, that this user cannot write
 * (NOT_PERMITTED). The database, its WAL, its writer lock and its anchor log all go in that
 * directory, so it must be writable even when the database file already exists.
 * @throws INVALID_INPUT, NOT_PERMITTED
 */
export function checkStorePath(
  path: string,
  options: { attempted: string; writable: boolean },
): void {
  const file = resolve(path);
  const failed = `${options.attempted} failed`;
  const stats = statOf(file);
  if (stats?.isDirectory() === true) {
    throw new LibosError(
      'INVALID_INPUT',
      `${failed}: ${file} is a directory, not a database file; name a file in it instead, e.g. ${resolve(file, 'runtime.db')}`,
      { details: { reason: 'is-directory' } },
    );
  }
  if (!options.writable) return;
  const { existing, isDirectory } = nearestExisting(dirname(file));
  if (!isDirectory) {
    throw new LibosError(
      'INVALID_INPUT',
      `${failed}: ${existing} is a file, so no directory can be made there for ${file}; choose a database path under a directory`,
      { details: { reason: 'parent-is-file' } },
    );
  }
  const denied = (target: string): LibosError =>
    new LibosError(
      'NOT_PERMITTED',
      `${failed}: ${target} is not writable by this user (the database, its WAL, lock and anchor log go in ${dirname(file)}); choose a database path in a directory you can write to, or make ${target} writable`,
      { details: { reason: 'not-writable' } },
    );
  if (!isWritable(existing)) throw denied(existing);
  if (stats !== undefined && !isWritable(file)) throw denied(file);
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The deepest existing path at or above `directory`, and whether it is a directory. */
function nearestExisting(directory: string): { existing: string; isDirectory: boolean } {
  for (let at = directory; ; at = dirname(at)) {
    const stats = statOf(at);
    if (stats !== undefined) return { existing: at, isDirectory: stats.isDirectory() };
    if (dirname(at) === at) return { existing: at, isDirectory: true };
  }
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
