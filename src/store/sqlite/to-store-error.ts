// Translates SQLite driver errors into LibosError codes, so that no driver text reaches callers.
import Database from 'better-sqlite3';
import { LibosError, toLibosError } from '../../base/errors.js';

/**
 * Converts anything a SQLite call threw into a LibosError: busy becomes STORE_BUSY, a damaged or
 * foreign file STORE_CORRUPT, anything else INTERNAL (with the driver error kept as `cause`).
 */
export function toStoreError(error: unknown, attempted: string): LibosError {
  if (!(error instanceof Database.SqliteError)) return toLibosError(error, attempted);
  const code = error.code;
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

/** True when `error` is a SQLite uniqueness or primary-key violation. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE')
  );
}
