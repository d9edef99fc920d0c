// Test kit: a runtime over a fresh SQLite file in a temporary directory, removed on dispose.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManualClock, type ManualClock } from '../base/clock.js';
import { createSequentialIdSource } from '../base/ids.js';
import { Runtime, type RuntimeOptions } from '../runtime/runtime.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';

/** A runtime in a temporary directory with a manual clock and sequential ids. */
export interface TempRuntime extends AsyncDisposable {
  readonly runtime: Runtime;
  readonly clock: ManualClock;
  readonly dir: string;
  readonly dbPath: string;
  /** The workspace agents act on (`<dir>/workspace`), separate from the database. */
  readonly workspace: string;
  /** Closes the runtime and opens a new one on the same file (as after a restart). */
  reopen(options?: Omit<RuntimeOptions, 'store' | 'clock'>): Promise<Runtime>;
}

/** Creates a runtime on a temporary SQLite file; dispose it to close and delete everything. */
export async function createTempRuntime(
  options: Omit<RuntimeOptions, 'store' | 'clock'> = {},
): Promise<TempRuntime> {
  const dir = await mkdtemp(join(tmpdir(), 'agent-libos-'));
  const dbPath = join(dir, 'runtime.db');
  const workspace = join(dir, 'workspace');
  await mkdir(workspace);
  const clock = createManualClock();
  const ids = options.ids ?? createSequentialIdSource();
  const open = async (extra: Omit<RuntimeOptions, 'store' | 'clock'>): Promise<Runtime> =>
    Runtime.create({
      workspace,
      ...options,
      ids,
      ...extra,
      clock,
      store: await openSqliteStore({ path: dbPath, clock }),
    });
  let runtime = await open({});
  return {
    get runtime() {
      return runtime;
    },
    clock,
    dir,
    dbPath,
    workspace,
    async reopen(extra = {}) {
      await runtime.close();
      runtime = await open(extra);
      return runtime;
    },
    async [Symbol.asyncDispose]() {
      await runtime.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
