// Finding a host program the sandbox relies on (bwrap, prlimit, setpriv) in the system directories, never on the caller's PATH.
import { accessSync, constants } from 'node:fs';

const SYSTEM_DIRS = ['/usr/bin', '/bin', '/usr/local/bin', '/usr/sbin', '/sbin'];

/** Whether `path` is a file this process may execute. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` in the system directories, or null. */
export function findSystemExecutable(name: string): string | null {
  for (const dir of SYSTEM_DIRS) if (isExecutable(`${dir}/${name}`)) return `${dir}/${name}`;
  return null;
}
