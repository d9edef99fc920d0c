// The command runner that runs every command in a bubblewrap sandbox planned from its process's grants.
import type {
  CommandLimits,
  CommandOutcome,
  CommandRequest,
  CommandRunner,
} from '../../ports/command-runner.js';
import { bwrapArgs, SANDBOX_HOME, SANDBOX_WORKSPACE } from './bwrap-args.js';
import { makePidsCgroup, type PidsCgroup } from './pids-cgroup.js';
import { spawnBounded } from './spawn-bounded.js';

/** Where the runner finds its helpers on the host. */
export interface BwrapRunnerOptions {
  /** The bwrap binary (e.g. `/usr/bin/bwrap`). */
  readonly bwrap: string;
  /** util-linux `prlimit`, for CPU time, address space and core size; null: not applied. */
  readonly prlimit: string | null;
  /** A directory pids cgroups can be made under (see `findPidsCgroupParent`); null: none. */
  readonly pidsCgroupParent: string | null;
  /** Host directory the runner starts bwrap in (never the workspace: nothing depends on it). */
  readonly hostCwd: string;
}

/**
 * Creates the bubblewrap runner. Each command runs as
 * `[sh: join the pids cgroup] → prlimit → bwrap … -- executable args`, so the process limit
 * binds every process of the sandbox from its first fork, and the CPU-time and address-space
 * limits bind the command and its children.
 */
export function createBwrapRunner(options: BwrapRunnerOptions): CommandRunner {
  return {
    sandbox: 'bwrap',
    workspaceMount: SANDBOX_WORKSPACE,
    home: SANDBOX_HOME,
    async run(request: CommandRequest): Promise<CommandOutcome> {
      const fds = [...new Set(bindFds(request))];
      const childFd = new Map(fds.map((fd, i) => [fd, 3 + i]));
      const args = bwrapArgs(request, (fd) => childFd.get(fd) ?? -1);
      const { limits } = request;
      let cgroup: PidsCgroup | null = null;
      if (options.pidsCgroupParent !== null) {
        cgroup = await makePidsCgroup(options.pidsCgroupParent, limits.processes).catch(() => null);
      }
      let command = [options.bwrap, ...args, '--', request.executable, ...request.argv.slice(1)];
      if (options.prlimit !== null)
        command = [...prlimitArgs(options.prlimit, limits, { nproc: cgroup === null }), ...command];
      if (cgroup !== null) {
        // The shell only writes its own pid and execs; the command's words are its arguments,
        // never part of the script.
        command = ['/bin/sh', '-c', 'echo $$ > "$0" && exec "$@"', cgroup.procs, ...command];
      }
      try {
        return await spawnBounded({
          file: command[0] ?? options.bwrap,
          args: command.slice(1),
          env: {},
          cwd: options.hostCwd,
          stdin: request.stdin,
          fds,
          timeoutMs: limits.timeoutMs,
          outputBytes: limits.outputBytes,
          signal: request.signal,
          onStart: request.onStart,
        });
      } finally {
        await cgroup?.remove();
      }
    },
  };
}

/**
 * util-linux `prlimit` arguments for `limits`: CPU seconds, address space, no core files, and
 * the process count when no cgroup holds it (RLIMIT_NPROC counts all of the user's processes and
 * never binds root, so a cgroup is preferred).
 */
export function prlimitArgs(
  prlimit: string,
  limits: CommandLimits,
  options: { readonly nproc: boolean },
): string[] {
  const args = [prlimit, `--cpu=${limits.cpuSeconds}`, `--as=${limits.memoryBytes}`, '--core=0'];
  if (options.nproc) args.push(`--nproc=${limits.processes}`);
  args.push('--');
  return args;
}

function bindFds(request: CommandRequest): number[] {
  const out: number[] = [];
  for (const entry of request.plan.entries) if (entry.kind === 'bind') out.push(entry.fd);
  return out;
}
