// Migration 008 over a store written before it: every process gets the image version it ran.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../base/clock.js';
import { pidOf } from '../conformance/fixtures.js';
import { loadMigrations, migrate, MIGRATIONS_DIRECTORY } from './migrate.js';
import { openSqliteStore } from './open-sqlite-store.js';

/** Process rows as the version before 008 stored them: the image id alone, or `id@N`. */
const OLD_IMAGE_IDS = [
  'base', // a built-in: version 1, the only one any built-in had
  'reviewer', // registered at 1, 2 and 3: it loaded 3, the newest, at each quantum
  'reviewer@2', // spawned naming version 2: it ran 2
  'gone', // an id with no registered version (spawned before it was): left at 1
  'odd@x', // not a version: left as it was
];

describe('migration 008 (image pins) over an older store', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'libos-pins-'));
    path = join(dir, 'runtime.db');
    const before = join(dir, 'before');
    await mkdir(before);
    for (const m of loadMigrations(MIGRATIONS_DIRECTORY).filter((m) => m.version < 8))
      await copyFile(join(MIGRATIONS_DIRECTORY, m.name), join(before, m.name));
    const db = new Database(path);
    try {
      migrate(db, { now: 1, directory: before });
      const insert = db.prepare(
        'INSERT INTO processes (pid, parent_pid, image_id, goal, name, cwd, state_kind, ' +
          'state_json, wake_at, budget_json, usage_json, on_budget_exceeded, fence, ' +
          "pending_interrupts, created_at, updated_at, version) VALUES (?, NULL, ?, 'g', NULL, " +
          "'.', 'runnable', '{\"kind\":\"runnable\"}', NULL, '{}', " +
          '\'{"quanta":0,"toolCalls":0,"children":0,"tokens":0}\', \'pause\', 0, 0, 1, 1, 1)',
      );
      for (const [i, imageId] of OLD_IMAGE_IDS.entries()) insert.run(pidOf(i + 1), imageId);
      const image = db.prepare(
        "INSERT INTO images (id, version, spec_json, registered_by, created_at) VALUES ('reviewer', ?, '{}', 'operator', 1)",
      );
      for (const version of [1, 3, 2]) image.run(version);
    } finally {
      db.close();
    }
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('pins each process to the version it was running, with the id kept bare', async () => {
    const store = await openSqliteStore({ path, clock: createManualClock() });
    try {
      const processes = await store.read((r) => r.listProcesses({ limit: 10 }));
      expect(processes.map((p) => [p.imageId, p.imageVersion])).toEqual([
        ['base', 1],
        ['reviewer', 3],
        ['reviewer', 2],
        ['gone', 1],
        ['odd@x', 1],
      ]);
    } finally {
      await store.close();
    }
  });
});
