// Opens a runtime on the command's database to write operator commands or run agents, then close.
import { existsSync } from 'node:fs';
import { isLibosError, LibosError } from '../base/errors.js';
import { openRuntime, type OpenRuntimeOptions } from '../open-runtime.js';
import type { Runtime } from '../runtime/runtime.js';
import type { CliContext } from './cli-context.js';
import { noDatabase } from './no-database.js';

const FAILED = ' failed: ';

/** What a writable open may add to the runtime it opens. */
export type WriteRuntimeExtras = Omit<OpenRuntimeOptions, 'db' | 'workspace' | 'clock'>;

/**
 * Opens a runtime on `context.dbPath` without running anything. It takes the single-writer lock
 * (so it fails while another runtime runs) and recovers what a crashed runtime left, as any
 * runtime open does. It creates a database only with `isCreating` (`run`, `spawn`).
 * @throws NOT_FOUND when there is no database yet; STORE_LOCKED while another runtime writes to it
 *   (naming the lock file, the pid that took it, whether it is alive, and the fix);
 *   INVALID_INPUT, NOT_PERMITTED for a database path that cannot work (a directory, under a file,
 *   not writable), before anything is created.
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
      // Said as what this command attempted; the store's detail (after "failed: ") names the
      // lock file, its holder and the fix.
      const detail = error.message.slice(error.message.indexOf(FAILED) + FAILED.length);
      throw new LibosError('STORE_LOCKED', `${options.attempted} failed: ${detail}`, {
        cause: error,
        details: error.details,
      });
    }
    throw error;
  }
}
