// The single-writer lock: an OS-level file lock, held through a side SQLite file, that dies with its process.
import Database from 'better-sqlite3';
import { LibosError } from '../../base/errors.js';
import { describeLockHolder } from './describe-lock-holder.js';
import { toStoreError } from './to-store-error.js';

/** A held writer lock; releasing it lets another runtime open the store for writing. */
export interface WriterLock {
  /** Releases the lock; idempotent. */
  release(): void;
}

/**
 * Takes the exclusive writer lock of the store at `dbPath`, kept in `<dbPath>-writer.lock`.
 *
 * The lock file is a SQLite database in `locking_mode=EXCLUSIVE` with a rollback journal: after
 * one write transaction the connection keeps SQLite's exclusive file lock until it is closed. The
 * lock is an OS file lock, so the kernel drops it when the holder exits for any reason, SIGKILL
 * included; and SQLite tracks locks per file inside one process too, so a second store in the same
 * process is refused just like one in another process. The file is never deleted: unlinking a
 * lock file that another opener may already hold open would let two writers in.
 * The owner record (`pid`, `since`, `host`) says who took the lock; a STORE_LOCKED names the lock
 * file, that pid, whether it is alive, and how to free the lock (`describe-lock-holder.ts`).
 * @throws STORE_LOCKED when another runtime holds the lock.
 */
export function acquireWriterLock(
  dbPath: string,
  options: { owner: Readonly<Record<string, string | number>> },
): WriterLock {
  const attempted = 'Opening the store for writing';
  const lockPath = `${dbPath}-writer.lock`;
  let db: Database.Database;
  try {
    // timeout 0: a held lock must fail now, not after a busy wait.
    db = new Database(lockPath, { timeout: 0 });
  } catch (error) {
    throw toStoreError(error, attempted);
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = DELETE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS owner (key TEXT PRIMARY KEY NOT NULL, value TEXT)');
    const write = db.prepare('INSERT OR REPLACE INTO owner (key, value) VALUES (?, ?)');
    for (const [key, value] of Object.entries(options.owner)) write.run(key, String(value));
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')) {
      const holder = describeLockHolder(lockPath);
      throw new LibosError(
        'STORE_LOCKED',
        `${attempted} failed: another runtime holds the writer lock ${lockPath}: ${holder.text}`,
        { cause: error, details: holder.details },
      );
    }
    throw toStoreError(error, attempted);
  }
  return {
    release() {
      if (db.open) db.close();
    },
  };
}
