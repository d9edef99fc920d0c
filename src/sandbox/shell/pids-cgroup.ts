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
    await sweepStale(parent);
    return parent;
  }
  return null;
}

/** A cgroup of ours older than this with no process in it was left by a runtime that died. */
const STALE_MS = 10 * 60_000;

// Removes the empty cgroups crashed runtimes left (a SIGKILLed runtime cannot remove the
// cgroup of the command it was running). Only old ones: a young one may belong to a command
// another runtime is starting, and rmdir refuses any cgroup with a process in it anyway.
async function sweepStale(parent: string): Promise<void> {
  const names = await fsp.readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith('agent-libos-')) continue;
    const stats = await fsp.stat(`${parent}/${name}`).catch(() => null);
    if (stats === null || Date.now() - stats.mtimeMs < STALE_MS) continue;
    await fsp.rmdir(`${parent}/${name}`).catch(() => undefined);
  }
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
      // Whatever of the sandbox is still alive (a fork bomb's stragglers) is killed first: a
      // cgroup with a process in it cannot be removed.
      for (let attempt = 0; attempt < 100; attempt++) {
        const procs = await fsp.readFile(`${dir}/cgroup.procs`, 'utf8').catch(() => '');
        for (const pid of procs.split('\n').filter((line) => /^\d+$/.test(line))) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // Gone meanwhile.
          }
        }
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
