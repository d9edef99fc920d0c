// Opens one better-sqlite3 connection to a store file with the pragmas the store relies on.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { LibosError } from '../../base/errors.js';
import { toStoreError } from './to-store-error.js';

/** How hard a commit tries to reach the disk. */
export type Durability = 'normal' | 'fsync';

/** WAL pages written between automatic checkpoints (4 KB pages: about 40 MB). */
const WAL_CHECKPOINT_PAGES = 10_000;

/** Size the WAL file is truncated back to after a checkpoint. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** How long a connection waits on another connection's lock before STORE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens `path`. A writable connection switches the file to WAL (so readers never block the writer
 * and the writer never blocks readers) with `synchronous=NORMAL`, which survives any process crash,
 * or `FULL` for `durability: 'fsync'`, which also survives power loss. A read-only connection
 * never creates the file.
 * @throws NOT_FOUND when a read-only open finds no file.
 * @throws STORE_CORRUPT when the file is not a SQLite database.
 */
export function openConnection(
  path: string,
  options: { readonly: boolean; durability?: Durability },
): Database.Database {
  const attempted = options.readonly
    ? 'Opening the store read-only'
    : 'Opening the store for writing';
  if (options.readonly && !existsSync(path)) {
    throw new LibosError('NOT_FOUND', `${attempted} failed: the database file does not exist`);
  }
  let db: Database.Database;
  try {
    db = options.readonly
      ? new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS })
      : new Database(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw toStoreError(error, attempted);
  }
  try {
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.durability === 'fsync' ? 'FULL' : 'NORMAL'}`);
      // Every command rewrites the same hot pages (journal and index tails, the heads row); a
      // checkpoint copies each distinct page once, so checkpointing every ~40 MB instead of the
      // default ~4 MB roughly halves the cost of a small commit. The file is trimmed back after.
      db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    }
    // Touch the schema now so that a file that is not a database fails here, not on first use.
    db.pragma('schema_version');
  } catch (error) {
    db.close();
    throw toStoreError(error, attempted);
  }
  return db;
}
