// `agent-libos serve`: the runtime as a service: the scheduler runs on, the API listens, until stopped.
import { LibosError } from '../../base/errors.js';
import type { CliContext } from '../cli-context.js';
import { parseCount } from '../parse-count.js';
import { createLifecycleLog, entryFields, LIFECYCLE_TYPES } from '../live/lifecycle-log.js';
import { followJournal } from '../live/follow-journal.js';
import { notifyRequests } from '../live/notify-requests.js';
import { parseNotifyCommand } from '../live/parse-notify-command.js';
import { startLiveApi } from '../live/start-live-api.js';
import { checkModelSpec } from '../run/check-model-spec.js';
import { openAgentRuntime } from '../run/open-agent-runtime.js';
import { parseBaseUrl } from '../run/parse-spawn-flags.js';

/** `serve` options as commander parsed them. */
export interface ServeOptions {
  readonly host?: string;
  readonly port?: string;
  readonly tokenFile?: string;
  readonly notifyCmd?: string;
  readonly model?: string;
  readonly baseUrl?: string;
  /** Run commands on the host, without the sandbox. */
  readonly unsandboxedShell?: boolean;
}

/** The default TCP port of `serve`. */
export const DEFAULT_PORT = 7411;

/**
 * Opens the runtime (recovering first), serves its API on `--host`:`--port` (127.0.0.1:7411 by
 * default; a non-loopback host needs `--token-file`) and on the Unix socket in the state
 * directory, and runs the scheduler continuously — timers fire, new spawns start, decided
 * requests resume — until `signal` fires (SIGINT/SIGTERM), then stops cleanly: in-flight quanta
 * yield, nothing is left running, the API closes. Logs one line per lifecycle event on stderr
 * (`--json`: JSON lines). With `--notify-cmd`, runs that command for each new request.
 * Returns 0 after a clean stop.
 * @throws INVALID_INPUT, OUT_OF_RANGE (bad options); ALREADY_EXISTS (port in use); STORE_LOCKED
 */
export async function runServe(context: CliContext, options: ServeOptions): Promise<number> {
  const host = options.host ?? '127.0.0.1';
  const port =
    options.port === undefined
      ? DEFAULT_PORT
      : parseCount('--port', options.port, { min: 0, max: 65_535 });
  const notify = options.notifyCmd === undefined ? null : parseNotifyCommand(options.notifyCmd);
  const baseURL = options.baseUrl === undefined ? undefined : parseBaseUrl(options.baseUrl);
  const via = baseURL === undefined ? {} : { baseURL };
  const model =
    options.model === undefined
      ? undefined
      : await checkModelSpec(options.model, { env: context.env, cwd: context.cwd, ...via });
  const signal = context.signal;
  if (signal === undefined)
    throw new LibosError(
      'INVALID_INPUT',
      'Serving failed: serve needs a stop signal (run it from the CLI)',
    );
  const log = createLifecycleLog(context.io, { json: context.json });
  const runtime = await openAgentRuntime(context, {
    attempted: 'Serving',
    isCreating: true,
    ...(model === undefined ? {} : { defaultModel: model }),
    ...via,
    ...(options.unsandboxedShell === true ? { unsandboxedShell: true } : {}),
  });
  const stopping = new AbortController();
  const followers: Promise<void>[] = [];
  try {
    const api = await startLiveApi(context, runtime, {
      tcp: { host, port },
      ...(options.tokenFile === undefined ? {} : { tokenFile: options.tokenFile }),
    });
    try {
      // The login URL carries the token once, in the fragment: a browser never sends it to a
      // server, and the console moves it to session storage and off the address bar.
      const login = api.url === null ? null : `${api.url}/#token=${api.token}`;
      log('serve.listening', {
        url: api.url,
        socket: api.socket,
        tokenFile: api.tokenFile,
        pid: process.pid,
        ...(context.json && login !== null ? { console: login } : {}),
      });
      if (!context.json && login !== null) context.io.stderr(`open the console: ${login}\n`);
      followers.push(
        followJournal(runtime, {
          types: LIFECYCLE_TYPES,
          signal: stopping.signal,
          onEntry: (entry) => {
            log(entry.type, entryFields(entry));
          },
          onError: (error) => {
            log('serve.error', { message: String(error) });
          },
        }),
      );
      if (notify !== null)
        followers.push(
          notifyRequests(runtime, {
            argv: notify,
            signal: stopping.signal,
            onError: (message) => {
              log('serve.notify-failed', { message });
            },
          }),
        );
      const report = await runtime.run({ forever: true, signal });
      log('serve.stopping', { quanta: report.quanta });
    } finally {
      stopping.abort();
      await Promise.allSettled(followers);
      await api.close();
    }
  } finally {
    await runtime.close();
  }
  log('serve.stopped', {});
  return 0;
}
