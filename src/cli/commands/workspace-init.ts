// `agent-libos init`: creates the workspace's database (running its migrations); idempotent.
import { existsSync } from 'node:fs';
import { createSystemClock } from '../../base/clock.js';
import { isLibosError } from '../../base/errors.js';
import { prepareStateDirectory } from '../../state-directory.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import type { CliContext } from '../cli-context.js';
import { writeJson } from '../format/write-json.js';

/**
 * Creates the database at `context.dbPath` (by default in the per-user state home, keyed by the
 * workspace; a private directory) and brings its schema up to date. A database that is already current is only read, so `init` also succeeds
 * while a runtime is writing to it. Returns the exit code.
 * @throws NOT_FOUND when the workspace directory does not exist (checked with the options); STORE_LOCKED when the database
 *   needs migrating while another runtime writes to it.
 */
export async function runWorkspaceInit(context: CliContext): Promise<number> {
  const isCreated = !(await isCurrent(context.dbPath));
  if (isCreated) {
    prepareStateDirectory(context.dbPath, { workspace: context.workspace, env: context.env });
    const store = await openSqliteStore({ path: context.dbPath, clock: createSystemClock() });
    await store.close();
  }
  if (context.json) {
    writeJson(context.io, { workspace: context.workspace, db: context.dbPath, created: isCreated });
  } else {
    const verb = isCreated ? 'initialized' : 'already initialized';
    context.io.stdout(`${verb}: database at ${context.dbPath}\n`);
  }
  return 0;
}

/** Whether a store with the current schema is already at `path` (checked read-only). */
async function isCurrent(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  try {
    const store = await openSqliteStore({ path, clock: createSystemClock(), readonly: true });
    await store.close();
    return true;
  } catch (error) {
    // An empty file or an older schema is completed by the writable open; anything else is real.
    if (isLibosError(error, 'NOT_FOUND') || isLibosError(error, 'INVALID_INPUT')) return false;
    throw error;
  }
}
