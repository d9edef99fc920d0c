// `--notify-cmd`: runs a command for each new human request, the request as JSON on its stdin.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { delay } from '../../base/abort.js';
import type { HumanRequest } from '../../kernel/approval/types.js';
import type { Runtime } from '../../runtime/runtime.js';
import { followJournal } from './follow-journal.js';

/** A notify command is killed if it runs longer than this. */
const NOTIFY_TIMEOUT_MS = 30_000;
/** When following stops, running commands get this long to finish before they are killed. */
const STOP_GRACE_MS = 5_000;

/**
 * Until `signal` fires, runs `argv` (no shell) once per new request with the request record as
 * JSON on stdin; its stdout is ignored, its stderr passes through. Commands still running when
 * it stops get 5 s to finish, then are killed. `onError` hears failures (a missing program, a
 * non-zero exit).
 */
export async function notifyRequests(
  runtime: Runtime,
  options: { argv: readonly string[]; signal: AbortSignal; onError: (message: string) => void },
): Promise<void> {
  const running = new Set<ChildProcess>();
  try {
    await followJournal(runtime, {
      types: ['approval.requested'],
      signal: options.signal,
      onEntry: async (entry) => {
        const id = entry.data.request;
        if (typeof id !== 'string') return;
        const request = await runtime.request(id);
        if (request.state.kind === 'pending') run(options, request, running);
      },
      onError: (error) => {
        options.onError(`following requests failed: ${String(error)}`);
      },
    });
  } finally {
    const exits = [...running].map((child) => once(child, 'exit'));
    const grace = new AbortController();
    await Promise.race([Promise.all(exits), delay(STOP_GRACE_MS, { signal: grace.signal })]).catch(
      () => undefined,
    );
    grace.abort();
    for (const child of running) child.kill('SIGKILL');
  }
}

function run(
  options: { argv: readonly string[]; onError: (message: string) => void },
  request: HumanRequest,
  running: Set<ChildProcess>,
): void {
  const [program, ...args] = options.argv as [string, ...string[]];
  const child = spawn(program, args, {
    stdio: ['pipe', 'ignore', 'inherit'],
    timeout: NOTIFY_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  running.add(child);
  child.on('error', (error) => {
    running.delete(child);
    options.onError(`--notify-cmd ${program} could not run for ${request.id}: ${error.message}`);
  });
  child.on('exit', (code, signal) => {
    running.delete(child);
    if (code !== 0)
      options.onError(
        `--notify-cmd ${program} ended with ${code === null ? `signal ${signal ?? '?'}` : `exit code ${code}`} for ${request.id}`,
      );
  });
  // A command that does not read its stdin must not fail the service.
  child.stdin.on('error', () => undefined);
  child.stdin.end(`${JSON.stringify(request)}\n`);
}
