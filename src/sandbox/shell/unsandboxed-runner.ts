// The command runner an operator chooses explicitly with --unsandboxed-shell: limits and a scrubbed environment, no isolation.
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandOutcome, CommandRequest, CommandRunner } from '../../ports/command-runner.js';
import { prlimitArgs } from './bwrap-runner.js';
import { spawnBounded } from './spawn-bounded.js';

/**
 * Creates the runner that runs commands directly on the host, in the workspace, with the same
 * scrubbed environment, limits, output bounds and group kill as the sandbox but no isolation:
 * a command can reach whatever the runtime's user can. Only for an operator who said so
 * (`--unsandboxed-shell`); the runtime journals the choice and `ps` shows it.
 */
export function createUnsandboxedRunner(options: {
  readonly workspace: string;
  readonly prlimit: string | null;
}): CommandRunner {
  // One private home per user, made at the first command (nothing is created at start-up).
  const home = join(tmpdir(), `agent-libos-home-${process.getuid?.() ?? 'user'}`);
  return {
    sandbox: 'none',
    workspaceMount: options.workspace,
    home,
    async run(request: CommandRequest): Promise<CommandOutcome> {
      await mkdir(home, { recursive: true, mode: 0o700 });
      const tail = [request.executable, ...request.argv.slice(1)];
      const command =
        options.prlimit === null
          ? tail
          : [...prlimitArgs(options.prlimit, request.limits, { nproc: false }), ...tail];
      return spawnBounded({
        file: command[0] ?? request.executable,
        args: command.slice(1),
        env: request.env,
        cwd: request.cwd === '.' ? options.workspace : join(options.workspace, request.cwd),
        stdin: request.stdin,
        fds: [],
        timeoutMs: request.limits.timeoutMs,
        outputBytes: request.limits.outputBytes,
        signal: request.signal,
        onStart: request.onStart,
      });
    },
  };
}
