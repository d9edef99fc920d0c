// The runtime's command runner: bubblewrap when it works here, the host when the operator said so, else a clear refusal.
import { LibosError } from '../../base/errors.js';
import type { CommandOutcome, CommandRequest, CommandRunner } from '../../ports/command-runner.js';
import { createBwrapRunner } from './bwrap-runner.js';
import { SANDBOX_HOME, SANDBOX_WORKSPACE } from './bwrap-args.js';
import { findPidsCgroupParent } from './pids-cgroup.js';
import { findSystemExecutable } from '../system-executable.js';
import { BWRAP_INSTALL_HINT, probeBwrap } from './probe-bwrap.js';
import { createUnsandboxedRunner } from './unsandboxed-runner.js';

/**
 * The runner a runtime gets. With `unsandboxed`, commands run on the host (the operator's
 * explicit choice). Otherwise the first command probes bubblewrap (a real sandboxed `true`),
 * `prlimit` and a pids cgroup once; without a working bwrap every command is refused with
 * NOT_PERMITTED naming the fix. Nothing runs at start-up, so commands that never run a command
 * pay nothing.
 */
export function createCommandSandbox(options: {
  readonly workspace: string;
  readonly unsandboxed: boolean;
  /** The bwrap binary (default: found in the system directories). */
  readonly bwrap?: string;
}): CommandRunner {
  if (options.unsandboxed) {
    return createUnsandboxedRunner({
      workspace: options.workspace,
      prlimit: findSystemExecutable('prlimit'),
    });
  }
  let ready: Promise<CommandRunner | string> | null = null;
  return {
    sandbox: 'bwrap',
    workspaceMount: SANDBOX_WORKSPACE,
    home: SANDBOX_HOME,
    async run(request: CommandRequest): Promise<CommandOutcome> {
      ready ??= prepare(options.bwrap);
      const runner = await ready;
      if (typeof runner === 'string') {
        throw new LibosError(
          'NOT_PERMITTED',
          `Running a command was refused: this runtime has no command sandbox (${runner}); the operator can ${BWRAP_INSTALL_HINT}, or start the runtime with --unsandboxed-shell`,
        );
      }
      return runner.run(request);
    },
  };
}

async function prepare(bwrap: string | undefined): Promise<CommandRunner | string> {
  const probe = await probeBwrap(bwrap === undefined ? {} : { path: bwrap });
  if (!probe.ok || probe.path === null)
    return probe.path === null
      ? 'bubblewrap is missing'
      : 'bubblewrap cannot make a sandbox on this host';
  const prlimit = findSystemExecutable('prlimit');
  const pidsCgroupParent = await findPidsCgroupParent();
  return createBwrapRunner({ bwrap: probe.path, prlimit, pidsCgroupParent, hostCwd: '/' });
}
