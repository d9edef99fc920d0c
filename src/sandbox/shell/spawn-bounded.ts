// Running one child process with bounded output, a wall timeout and a whole-group kill.
import { spawn } from 'node:child_process';
import { throwIfAborted } from '../../base/abort.js';
import { LibosError } from '../../base/errors.js';
import type { CommandOutcome } from '../../ports/command-runner.js';

/** What to start and how to bound it. */
export interface BoundedSpawn {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Host working directory (the sandbox itself sets the command's own). */
  readonly cwd: string;
  readonly stdin: string | null;
  /** Descriptors the child inherits as 3, 4, …, in this order. */
  readonly fds: readonly number[];
  readonly timeoutMs: number;
  readonly outputBytes: number;
  readonly signal: AbortSignal;
  readonly onStart: () => void;
}

/**
 * Starts `file` in a process group of its own, feeds it `stdin`, keeps the first `outputBytes` of
 * stdout and of stderr (counting, then dropping, the rest) and waits for it to end. When the
 * timeout passes or `signal` fires, the whole group is killed with SIGKILL.
 * @throws CANCELLED when `signal` fired; INTERNAL when the process could not be started.
 */
export async function spawnBounded(request: BoundedSpawn): Promise<CommandOutcome> {
  if (request.signal.aborted) throw cancelled();
  request.onStart();
  const child = spawn(request.file, [...request.args], {
    cwd: request.cwd,
    env: request.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe', ...request.fds],
    windowsHide: true,
  });
  const {
    stdin,
    stdout: out,
    stderr: err,
  } = child as typeof child & {
    stdin: NonNullable<typeof child.stdin>;
    stdout: NonNullable<typeof child.stdout>;
    stderr: NonNullable<typeof child.stderr>;
  };
  const stdout = new Sink(request.outputBytes);
  const stderr = new Sink(request.outputBytes);
  out.on('data', (chunk: Buffer) => {
    stdout.take(chunk);
  });
  err.on('data', (chunk: Buffer) => {
    stderr.take(chunk);
  });
  stdin.on('error', () => undefined);
  stdin.end(request.stdin ?? undefined);

  let timedOut = false;
  const killGroup = (): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, request.timeoutMs);
  const onAbort = (): void => {
    killGroup();
  };
  request.signal.addEventListener('abort', onAbort, { once: true });
  // A host that exits mid-command takes the command with it.
  if (child.pid !== undefined) liveGroups.add(child.pid);
  watchHostExit();
  try {
    const ended = await new Promise<{ code: number | null; signal: string | null }>(
      (resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, signal) => {
          resolve({ code, signal });
        });
      },
    ).catch((cause: unknown) => {
      throw new LibosError('INTERNAL', 'Running a command failed: it could not be started', {
        cause,
      });
    });
    throwIfAborted(request.signal, 'Running a command');
    return {
      exitCode: ended.code,
      signal: ended.signal,
      timedOut,
      stdout: stdout.bytes(),
      stderr: stderr.bytes(),
      stdoutBytes: stdout.total,
      stderrBytes: stderr.total,
    };
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', onAbort);
    if (child.pid !== undefined) liveGroups.delete(child.pid);
    // Whatever the group left behind (a daemonised grandchild) goes too.
    killGroup();
  }
}

// The process groups of commands still running, killed if the host exits (one listener for all,
// however many commands run at once).
const liveGroups = new Set<number>();
let isWatchingExit = false;

function watchHostExit(): void {
  if (isWatchingExit) return;
  isWatchingExit = true;
  process.once('exit', () => {
    for (const pid of liveGroups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
}

function cancelled(): LibosError {
  return new LibosError('CANCELLED', 'Running a command was cancelled');
}

/** Keeps the first `limit` bytes of a stream and counts the rest. */
class Sink {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  constructor(private readonly limit: number) {}

  take(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.limit - this.kept;
    if (room <= 0) return;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.chunks.push(part);
    this.kept += part.length;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
