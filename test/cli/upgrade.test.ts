// A store left by an older agent-libos: the writing commands migrate it and go on; reads say how.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, MIGRATIONS_DIRECTORY } from '../../src/store/sqlite/migrate.js';
import { writeScript } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

/** Makes a store at `path` with only the migrations before `version` applied. */
async function storeBefore(path: string, version: number): Promise<void> {
  const older = join(path, '..', 'older-migrations');
  await mkdir(older, { recursive: true });
  for (const m of loadMigrations(MIGRATIONS_DIRECTORY).filter((m) => m.version < version))
    await copyFile(join(MIGRATIONS_DIRECTORY, m.name), join(older, m.name));
  const db = new Database(path);
  try {
    migrate(db, { now: 1, directory: older });
  } finally {
    db.close();
  }
}

describe('a store of an older schema', () => {
  it('is refused by a read, then migrated by run, which finishes its agent', async () => {
    await using ws = await createTempWorkspace();
    const db = join(ws.dir, 'state', 'runtime.db');
    await mkdir(join(ws.dir, 'state'));
    await storeBefore(db, 6);
    const where = ['--workspace', ws.dir, '--db', db];
    const ps = await runCli(['ps', ...where]);
    expect(ps.code).toBe(2);
    expect(ps.stderr).toMatch(/needs migrating to \d+; open it for writing once/);
    const script = await writeScript(ws.dir, 'model.json', {
      agents: [{ goal: 'Ok', calls: [{ exit: { result: 1 } }] }],
    });
    const run = await runCli([
      'run',
      ...where,
      '--image',
      'base',
      '--goal',
      'Ok',
      '--model',
      `scripted:${script}`,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const after = await runCli(['ps', ...where, '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject([{ state: { kind: 'exited', result: 1 } }]);
    expect((await runCli(['journal', 'verify', ...where])).code).toBe(0);
  });
});
