// Applies the numbered SQL migrations in order, each in its own transaction, and records them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { LibosError } from '../../base/errors.js';
import { findPackageRoot } from '../../base/find-package-root.js';
import { sha256Hex } from '../../base/hash.js';
import { toStoreError } from './to-store-error.js';

/** One migration file: `NNN-name.sql`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** sha256 of the file with line endings normalised; detects a released migration being edited. */
  readonly checksum: string;
}

/**
 * Where the migrations ship: `<package>/src/store/sqlite/migrations` (package.json `files` lists
 * it), found from the package root so that `src/`, `dist/` and the CLI's bundle read the same files.
 */
export const MIGRATIONS_DIRECTORY = join(
  findPackageRoot(import.meta.url),
  'src',
  'store',
  'sqlite',
  'migrations',
);

const FILE_NAME = /^(\d{3})-[a-z0-9-]+\.sql$/;

/**
 * Brings `db` up to the newest migration in `options.directory`: checks that the migrations it
 * already has are unchanged, then applies each newer one in its own `BEGIN IMMEDIATE` transaction
 * together with its row in `schema_migrations`. A failing migration leaves the database at the
 * previous version. Call it only while holding the writer lock.
 * @throws STORE_CORRUPT when an applied migration was edited or is unknown to this version.
 * @throws INVALID_INPUT when the migration files are misnumbered.
 */
export function migrate(
  db: Database.Database,
  options: { now: number; directory?: string },
): { from: number; to: number } {
  const migrations = loadMigrations(options.directory ?? MIGRATIONS_DIRECTORY);
  const attempted = 'Migrating the store';
  try {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, ' +
        'name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
  } catch (error) {
    throw toStoreError(error, attempted);
  }
  const applied = db
    .prepare<[], { version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    )
    .all();
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const file = known.get(row.version);
    if (file === undefined) {
      throw new LibosError(
        'STORE_CORRUPT',
        `${attempted} failed: it has migration ${row.name}, which this version of agent-libos does not know; upgrade agent-libos`,
        { details: { version: row.version } },
      );
    }
    if (file.checksum !== row.checksum) {
      throw new LibosError(
        'STORE_CORRUPT',
        `${attempted} failed: migration ${row.name} was edited after it was applied`,
        { details: { version: row.version } },
      );
    }
  }
  const from = applied.at(-1)?.version ?? 0;
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec(migration.sql);
      record.run(migration.version, migration.name, migration.checksum, options.now);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw toStoreError(error, `${attempted} to ${migration.name}`);
    }
  }
  return { from, to: migrations.at(-1)?.version ?? from };
}

/**
 * The highest applied migration version, 0 for a database that has none; never writes.
 * @throws STORE_CORRUPT when the file is not a SQLite database.
 */
export function readSchemaVersion(db: Database.Database): number {
  try {
    const hasTable = db
      .prepare<[], number>(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
      )
      .pluck()
      .get();
    if (hasTable === undefined) return 0;
    return db.prepare<[], number>('SELECT max(version) FROM schema_migrations').pluck().get() ?? 0;
  } catch (error) {
    throw toStoreError(error, 'Reading the store schema version');
  }
}

/**
 * Reads the migrations of `directory`, ordered by version.
 * @throws INVALID_INPUT when two files share a version or a version is missing.
 */
export function loadMigrations(directory: string): Migration[] {
  const migrations: Migration[] = [];
  for (const name of readdirSync(directory).sort()) {
    const match = FILE_NAME.exec(name);
    if (match?.[1] === undefined) continue;
    const sql = readFileSync(join(directory, name), 'utf8');
    migrations.push({
      version: Number(match[1]),
      name,
      sql,
      checksum: sha256Hex(sql.replace(/\r\n/g, '\n')),
    });
  }
  migrations.forEach((migration, index) => {
    const expected = index + 1;
    if (migration.version !== expected) {
      throw new LibosError(
        'INVALID_INPUT',
        `Loading migrations failed: expected version ${expected} but found ${migration.name}`,
      );
    }
  });
  return migrations;
}
