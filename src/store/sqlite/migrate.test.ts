// The migration runner: applies numbered files in order, once each, atomically, and guards history.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibosError } from '../../base/errors.js';
import { loadMigrations, migrate, MIGRATIONS_DIRECTORY, readSchemaVersion } from './migrate.js';

describe('migrate', () => {
  let dir: string;
  let db: Database.Database;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'libos-migrate-'));
    db = new Database(':memory:');
  });

  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const tables = (): unknown[] =>
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();

  it('applies every shipped migration to an empty database, then nothing more', () => {
    expect(readSchemaVersion(db)).toBe(0);
    const latest = loadMigrations(MIGRATIONS_DIRECTORY).at(-1)?.version ?? 0;
    expect(migrate(db, { now: 5 })).toStrictEqual({ from: 0, to: latest });
    expect(tables()).toEqual(
      expect.arrayContaining([
        'processes',
        'messages',
        'journal',
        'journal_heads',
        'schema_migrations',
      ]),
    );
    expect(migrate(db, { now: 6 })).toStrictEqual({ from: latest, to: latest });
    expect(readSchemaVersion(db)).toBe(latest);
  });

  it('applies newer files in order, each with its own record', async () => {
    await writeFile(join(dir, '001-a.sql'), 'CREATE TABLE a (x INTEGER);');
    migrate(db, { now: 1, directory: dir });
    await writeFile(join(dir, '002-b.sql'), 'CREATE TABLE b (x INTEGER);');
    await writeFile(join(dir, '003-c.sql'), 'ALTER TABLE b ADD COLUMN y TEXT;');
    await writeFile(join(dir, 'notes.txt'), 'ignored');
    expect(migrate(db, { now: 2, directory: dir })).toStrictEqual({ from: 1, to: 3 });
    expect(
      db.prepare('SELECT version, name, applied_at FROM schema_migrations').all(),
    ).toStrictEqual([
      { version: 1, name: '001-a.sql', applied_at: 1 },
      { version: 2, name: '002-b.sql', applied_at: 2 },
      { version: 3, name: '003-c.sql', applied_at: 2 },
    ]);
  });

  it('leaves the database at the previous version when a migration fails', async () => {
    await writeFile(join(dir, '001-a.sql'), 'CREATE TABLE a (x INTEGER);');
    await writeFile(
      join(dir, '002-b.sql'),
      'CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);',
    );
    expect(() => migrate(db, { now: 1, directory: dir })).toThrow(LibosError);
    expect(readSchemaVersion(db)).toBe(1);
    expect(tables()).not.toContain('b');
  });

  it('refuses to run when an applied migration was edited', async () => {
    await writeFile(join(dir, '001-a.sql'), 'CREATE TABLE a (x INTEGER);');
    migrate(db, { now: 1, directory: dir });
    await writeFile(join(dir, '001-a.sql'), 'CREATE TABLE a (x INTEGER, y INTEGER);');
    expect(() => migrate(db, { now: 2, directory: dir })).toThrow(
      /was edited after it was applied/,
    );
  });

  it('refuses a database migrated by a newer version', async () => {
    await writeFile(join(dir, '001-a.sql'), 'CREATE TABLE a (x INTEGER);');
    await writeFile(join(dir, '002-b.sql'), 'CREATE TABLE b (x INTEGER);');
    migrate(db, { now: 1, directory: dir });
    await rm(join(dir, '002-b.sql'));
    expect(() => migrate(db, { now: 2, directory: dir })).toThrow(/upgrade agent-libos/);
  });

  it('refuses misnumbered migration files', async () => {
    await writeFile(join(dir, '001-a.sql'), 'SELECT 1;');
    await writeFile(join(dir, '003-c.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/expected version 2/);
  });
});
