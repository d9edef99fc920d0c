// Serves the API of the runtime a command opened, so other commands reach it while it runs.
import type { Runtime } from '../../runtime/runtime.js';
import { stateDirectoryOf } from '../../runtime/reserved-paths.js';
import { startServer, type RunningServer } from '../../server/start-server.js';
import type { CliContext } from '../cli-context.js';
import { packageVersion } from '../package-version.js';

/**
 * Starts the API of `runtime` on the Unix socket in its state directory (and on TCP when `tcp` is
 * given: `serve`), publishing it in `live.json` for `findLiveRuntime`. Close it before the runtime.
 */
export function startLiveApi(
  context: CliContext,
  runtime: Runtime,
  options: { tcp?: { host: string; port: number }; tokenFile?: string } = {},
): Promise<RunningServer> {
  return startServer(runtime, {
    stateDirectory: stateDirectoryOf(context.dbPath),
    dbPath: context.dbPath,
    version: packageVersion(),
    ...options,
  });
}
