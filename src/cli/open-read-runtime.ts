// A runtime over the read-only store: the operator's read API with no writer lock and no recovery.
import { Runtime } from '../runtime/runtime.js';
import type { CliContext } from './cli-context.js';
import { openReadStore } from './open-read-store.js';

/**
 * Opens `context.dbPath` read-only and wraps it in a runtime that is never run, so read commands
 * use the same operator API (`capabilities`, `explain`, `requests`) as writers. Close it after use.
 * @throws NOT_FOUND when there is no database yet; STORE_CORRUPT when it is not a readable store.
 */
export async function openReadRuntime(context: CliContext): Promise<Runtime> {
  const store = await openReadStore(context);
  try {
    return await Runtime.create({ store, workspace: context.workspace, clock: context.clock });
  } catch (error) {
    await store.close();
    throw error;
  }
}
