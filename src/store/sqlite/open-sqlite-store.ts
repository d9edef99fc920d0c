// Opens the embedded SQLite store: takes the writer lock, migrates, prepares statements.
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { Clock } from '../../base/clock.js';
import { LibosError } from '../../base/errors.js';
import { GENESIS_HASH } from '../../kernel/journal/entry.js';
import type { Store } from '../../ports/store.js';
import { acquireWriterLock, type WriterLock } from './acquire-writer-lock.js';
import { checkStorePath } from './check-store-path.js';
import { loadMigrations, migrate, MIGRATIONS_DIRECTORY, readSchemaVersion } from './migrate.js';
import { openConnection, type Durability } from './open-connection.js';
import { prepareReads } from './prepare-reads.js';
import { prepareWrites } from './prepare-writes.js';
import { SqliteStore } from './sqlite-store.js';
import { toStoreError } from './to-store-error.js';
import { AnchorLog, anchorLogPath } from '../anchor-log.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** The database file (created with its directory when opened for writing), or `:memory:`. */
  readonly path: string;
  readonly clock: Clock;
  /** This writer's journal stream; default `local`. */
  readonly stream?: string;
  /** Open without the writer lock; writes are refused. Default false. */
  readonly readonly?: boolean;
  /** `fsync` survives power loss at a cost per commit; default `normal` survives process crashes. */
  readonly durability?: Durability;
}

/**
 * Opens a SQLite store. A writable open takes the single-writer lock (`<path>-writer.lock`) and
 * applies pending migrations; a read-only open takes no lock and works while a writer runs.
 * @throws STORE_LOCKED when another runtime has the file open for writing.
 * @throws NOT_FOUND when a read-only open finds no store at `path`.
 * @throws STORE_CORRUPT when the file is not a store this version can use.
 * @throws INVALID_INPUT for an empty path or stream, a path that is a directory or lies under a
 *   file, or a read-only open of a store that still needs migrating.
 * @throws NOT_PERMITTED when a writable open cannot write the file or its directory.
 * @example
 * const store = await openSqliteStore({ path: '.agent-libos/runtime.db', clock: createSystemClock() });
 * await store.transact(async (tx) => tx.insertProcess(process));
 * await store.close();
 */
export function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  try {
    const stream = options.stream ?? 'local';
    if (options.path === '' || stream === '') {
      throw new LibosError(
        'INVALID_INPUT',
        'Opening the store failed: path and stream must not be empty',
      );
    }
    if (options.path !== ':memory:') {
      const readonly = options.readonly === true;
      checkStorePath(options.path, {
        attempted: readonly ? 'Opening the store read-only' : 'Opening the store for writing',
        writable: !readonly,
      });
    }
    const store =
      options.readonly === true
        ? openReadonly(options.path, stream, options.clock)
        : openWritable(options, stream);
    return Promise.resolve(store);
  } catch (error) {
    return Promise.reject(toStoreError(error, 'Opening the store'));
  }
}

function openWritable(options: SqliteStoreOptions, stream: string): Store {
  const isMemory = options.path === ':memory:';
  const opened: Database.Database[] = [];
  let lock: WriterLock | undefined;
  let anchors: AnchorLog | undefined;
  try {
    if (!isMemory) {
      mkdirSync(dirname(options.path), { recursive: true });
      lock = acquireWriterLock(options.path, {
        owner: { pid: process.pid, since: options.clock.now(), host: hostname() },
      });
    }
    const db = openConnection(options.path, {
      readonly: false,
      durability: options.durability ?? 'normal',
    });
    opened.push(db);
    migrate(db, { now: options.clock.now() });
    const writes = prepareWrites(db);
    const lastSeq = writes.lastSeq.get() ?? 0;
    const head = writes.head.get(stream);
    const tail = {
      seq: lastSeq,
      hash: head?.hash ?? GENESIS_HASH,
      // Another stream may have appended last: then the next entry stores its prevHash whole.
      isRow: head !== undefined && head.seq === lastSeq,
    };
    const writer = {
      db,
      reads: prepareReads(db),
      writes,
      tail,
      journalNames: new Map<string, number>(),
    };
    let readDb = db;
    if (!isMemory) {
      readDb = openConnection(options.path, { readonly: true });
      opened.push(readDb);
    }
    const reader = { db: readDb, reads: readDb === db ? writer.reads : prepareReads(readDb) };
    if (!isMemory) {
      const head = writer.reads.journalHeads().find((h) => h.stream === stream);
      anchors = AnchorLog.open(anchorLogPath(options.path), {
        head: { stream, seq: head?.seq ?? 0, hash: head?.hash ?? GENESIS_HASH },
        sync: options.durability === 'fsync',
      });
    }
    return new SqliteStore({
      writer,
      reader,
      lock,
      stream,
      clock: options.clock,
      location: isMemory ? null : resolve(options.path),
      ...(anchors === undefined ? {} : { anchors }),
    });
  } catch (error) {
    for (const db of opened) db.close();
    anchors?.close();
    lock?.release();
    throw error;
  }
}

function openReadonly(path: string, stream: string, clock: Clock): Store {
  const db = openConnection(path, { readonly: true });
  try {
    const version = readSchemaVersion(db);
    const latest = loadMigrations(MIGRATIONS_DIRECTORY).at(-1)?.version ?? 0;
    if (version === 0) {
      throw new LibosError(
        'NOT_FOUND',
        'Opening the store read-only failed: the file holds no agent-libos store yet',
      );
    }
    if (version !== latest) {
      throw version < latest
        ? new LibosError(
            'INVALID_INPUT',
            `Opening the store read-only failed: its schema is at version ${version} and needs migrating to ${latest}; open it for writing once`,
            { details: { version, latest } },
          )
        : new LibosError(
            'STORE_CORRUPT',
            `Opening the store read-only failed: its schema version ${version} is newer than this agent-libos knows (${latest}); upgrade agent-libos`,
            { details: { version, latest } },
          );
    }
    return new SqliteStore({
      writer: undefined,
      reader: { db, reads: prepareReads(db) },
      lock: undefined,
      stream,
      clock,
      location: resolve(path),
    });
  } catch (error) {
    db.close();
    throw error;
  }
}
