// A process-count limit that holds for root too: a pids cgroup per command, where the host lets us make one.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';

/** Where pids cgroups can be made: cgroup v1's `pids` hierarchy, or a v2 root delegating `pids`. */
const CANDIDATES = ['/sys/fs/cgroup/pids', '/sys/fs/cgroup/unified', '/sys/fs/cgroup'];

/** One command's cgroup: its `cgroup.procs` file, and removal once the command is gone. */
export interface PidsCgroup {
  readonly procs: string;
  remove(): Promise<void>;
}

/**
 * The first directory of CANDIDATES under which a child cgroup with a `pids.max` can be made, or
 * null (then only RLIMIT_NPROC bounds processes, which binds non-root users only). Checked once
 * per runner by really making and removing one.
 */
export async function findPidsCgroupParent(): Promise<string | null> {
  for (const parent of CANDIDATES) {
    const made = await makePidsCgroup(parent, 1).catch(() => null);
    if (made === null) continue;
    await made.remove();
    return parent;
  }
  return null;
}

/**
 * Makes a cgroup under `parent` allowing at most `max` processes.
 * @throws the file system's error when the host does not allow it.
 */
export async function makePidsCgroup(parent: string, max: number): Promise<PidsCgroup> {
  const dir = `${parent}/agent-libos-${randomBytes(6).toString('hex')}`;
  await fsp.mkdir(dir);
  try {
    await fsp.writeFile(`${dir}/pids.max`, `${max}\n`);
  } catch (cause) {
    await fsp.rmdir(dir).catch(() => undefined);
    throw cause;
  }
  return {
    procs: `${dir}/cgroup.procs`,
    remove: async () => {
      // The group is empty once every process of the sandbox has been reaped; give it a moment.
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          await fsp.rmdir(dir);
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    },
  };
}
