// The bubblewrap command line for one planned sandbox: system read-only, the workspace as planned, nothing else.
import { lstatSync, readlinkSync } from 'node:fs';
import type { CommandRequest } from '../../ports/command-runner.js';

/** Where the workspace appears inside the sandbox. */
export const SANDBOX_WORKSPACE = '/workspace';
/** The command's home directory inside the sandbox (a private tmpfs). */
export const SANDBOX_HOME = '/home/sandbox';

/** System directories bound read-only (or recreated as the links they are on the host). */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/opt'];

/**
 * The parts of /etc programs need to start (the dynamic linker, users and groups by name, name
 * resolution, certificates, time zone, the alternatives links); never shadow files, keys or the
 * host's own configuration at large.
 */
const ETC_ENTRIES = [
  'alternatives',
  'ca-certificates',
  'ca-certificates.conf',
  'group',
  'host.conf',
  'hosts',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'localtime',
  'mime.types',
  'nsswitch.conf',
  'passwd',
  'resolv.conf',
  'ssl',
  'timezone',
];

/**
 * The bwrap arguments (before `--`) for `request`: fresh namespaces of every kind (the network's
 * kept only when the plan says so), the process dying with its parent, a new session (no
 * terminal injection), no capabilities, system directories read-only, a private /tmp and home,
 * the workspace at SANDBOX_WORKSPACE exactly as planned (descriptors as `fdOf` numbers them in
 * the child), the root made read-only last, and only `request.env` in the environment.
 */
export function bwrapArgs(request: CommandRequest, fdOf: (hostFd: number) => number): string[] {
  // No capabilities, even for a runtime running as root: root in the sandbox's user namespace
  // could otherwise remount a read-only bind (the system, a read-only grant) writable.
  const args = ['--die-with-parent', '--new-session', '--unshare-all', '--cap-drop', 'ALL'];
  if (request.plan.network) args.push('--share-net');
  for (const dir of SYSTEM_DIRS) systemDir(args, dir);
  for (const name of ETC_ENTRIES) args.push('--ro-bind-try', `/etc/${name}`, `/etc/${name}`);
  // A workspace or state directory under a bound system directory (`/usr/src/app`) is covered
  // by an empty tmpfs: the workspace is seen only at SANDBOX_WORKSPACE, as planned.
  for (const path of request.hidden)
    if (SYSTEM_DIRS.some((dir) => isBoundDir(dir) && isUnderHost(path, dir)))
      args.push('--tmpfs', path);
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--tmpfs', SANDBOX_HOME);
  args.push('--dir', SANDBOX_WORKSPACE);
  for (const entry of request.plan.entries) {
    const dest = inWorkspace(entry.path);
    switch (entry.kind) {
      case 'dir':
        if (entry.path !== '.') args.push('--dir', dest);
        break;
      case 'bind':
        args.push(entry.writable ? '--bind-fd' : '--ro-bind-fd', String(fdOf(entry.fd)), dest);
        break;
      case 'symlink':
        args.push('--symlink', entry.target, dest);
        break;
    }
  }
  args.push('--remount-ro', '/', '--chdir', inWorkspace(request.cwd), '--clearenv');
  for (const [name, value] of Object.entries(request.env)) args.push('--setenv', name, value);
  return args;
}

/** The sandbox path of workspace path `path`. */
export function inWorkspace(path: string): string {
  return path === '.' ? SANDBOX_WORKSPACE : `${SANDBOX_WORKSPACE}/${path}`;
}

// Debian links /bin to usr/bin: a link is recreated as a link (binding it would follow it).
function systemDir(args: string[], dir: string): void {
  let isLink: boolean;
  try {
    isLink = lstatSync(dir).isSymbolicLink();
  } catch {
    return;
  }
  if (isLink) args.push('--symlink', readlinkSync(dir), dir);
  else args.push('--ro-bind', dir, dir);
}

function isBoundDir(dir: string): boolean {
  try {
    return lstatSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function isUnderHost(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}
