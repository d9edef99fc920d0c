// Opens the command's database read-only, so reading works while a runtime writes to it.
import { isLibosError } from '../base/errors.js';
import { noDatabase } from './no-database.js';
import type { Store } from '../ports/store.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { CliContext } from './cli-context.js';

/**
 * Opens `context.dbPath` read-only: takes no writer lock and never creates or migrates anything.
 * @throws NOT_FOUND when there is no database yet (with a hint to run `agent-libos init`).
 * @throws STORE_CORRUPT when the file is not a store this version can read.
 */
export async function openReadStore(context: CliContext): Promise<Store> {
  try {
    return await openSqliteStore({
      path: context.dbPath,
      clock: context.clock,
      readonly: true,
    });
  } catch (error) {
    if (isLibosError(error, 'NOT_FOUND'))
      throw noDatabase(context, { attempted: 'Opening the database', cause: error });
    throw error;
  }
}
