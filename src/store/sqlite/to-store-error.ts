// Translates SQLite driver errors into LibosError codes, so that no driver text reaches callers.
import Database from 'better-sqlite3';
import { LibosError, toLibosError } from '../../base/errors.js';

/**
 * Converts anything a SQLite or file-system call threw into a LibosError: busy becomes
 * STORE_BUSY, a damaged or foreign file STORE_CORRUPT, a file or directory this user may not
 * open or write NOT_PERMITTED, a path that runs through a file or names a directory
 * INVALID_INPUT (naming `path` when given), anything else INTERNAL (with the driver error kept
 * as `cause`).
 */
export function toStoreError(
  error: unknown,
  attempted: string,
  options: { path?: string } = {},
): LibosError {
  const at = options.path === undefined ? '' : ` (${options.path})`;
  const errno = errnoOf(error);
  if (errno !== undefined && errno in FS_REASONS) {
    const { code, reason } = FS_REASONS[errno as keyof typeof FS_REASONS];
    return new LibosError(code, `${attempted} failed: ${reason}${at}`, { cause: error });
  }
  if (!(error instanceof Database.SqliteError)) return toLibosError(error, attempted);
  const code = error.code;
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code.startsWith('SQLITE_READONLY')) {
    return new LibosError(
      'NOT_PERMITTED',
      `${attempted} failed: the database file cannot be opened or written${at}; check that it is a file this user can write, in a directory this user can write`,
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new LibosError('STORE_BUSY', `${attempted} failed: the database is busy`, {
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new LibosError(
      'STORE_CORRUPT',
      `${attempted} failed: the file is damaged or not an agent-libos store`,
      { cause: error },
    );
  }
  return new LibosError('INTERNAL', `${attempted} failed: internal storage error`, {
    cause: error,
  });
}

/** File-system failures of opening a store, by errno: the code and what it means. */
const FS_REASONS = {
  EACCES: { code: 'NOT_PERMITTED', reason: 'permission denied' },
  EPERM: { code: 'NOT_PERMITTED', reason: 'permission denied' },
  EROFS: { code: 'NOT_PERMITTED', reason: 'the file system is read-only' },
  ENOTDIR: { code: 'INVALID_INPUT', reason: 'a part of the path is a file, not a directory' },
  EEXIST: { code: 'INVALID_INPUT', reason: 'a part of the path is a file, not a directory' },
  EISDIR: { code: 'INVALID_INPUT', reason: 'the path is a directory, not a file' },
} as const;

function errnoOf(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string')
    return undefined;
  return error.code.startsWith('SQLITE_') ? undefined : error.code;
}

/** True when `error` is a SQLite uniqueness or primary-key violation. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE')
  );
}
