// Opens a runtime on the command's database to write operator commands or run agents, then close.
import { existsSync } from 'node:fs';
import { isLibosError, LibosError } from '../base/errors.js';
import { openRuntime, type OpenRuntimeOptions } from '../open-runtime.js';
import type { Runtime } from '../runtime/runtime.js';
import type { CliContext } from './cli-context.js';
import { noDatabase } from './no-database.js';

/** What a writable open may add to the runtime it opens. */
export type WriteRuntimeExtras = Omit<OpenRuntimeOptions, 'db' | 'workspace' | 'clock'>;

/**
 * Opens a runtime on `context.dbPath` without running anything. It takes the single-writer lock
 * (so it fails while another runtime runs) and recovers what a crashed runtime left, as any
 * runtime open does. It creates a database only with `isCreating` (`run`, `spawn`).
 * @throws NOT_FOUND when there is no database yet; STORE_LOCKED while another runtime writes to it.
 */
export async function openWriteRuntime(
  context: CliContext,
  options: { attempted: string; isCreating?: boolean; extras?: WriteRuntimeExtras },
): Promise<Runtime> {
  if (options.isCreating !== true && !existsSync(context.dbPath))
    throw noDatabase(context, { attempted: options.attempted });
  try {
    return await openRuntime({
      ...options.extras,
      db: context.dbPath,
      workspace: context.workspace,
      clock: context.clock,
      env: context.env,
    });
  } catch (error) {
    if (isLibosError(error, 'STORE_LOCKED')) {
      throw new LibosError(
        'STORE_LOCKED',
        `${options.attempted} failed: a runtime is running on this database and holds the writer lock; stop it and try again`,
        { cause: error },
      );
    }
    throw error;
  }
}
