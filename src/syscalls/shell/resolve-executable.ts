// Finding a command's executable on the fixed safe PATH, never in the workspace, and hashing what will run.
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { sep } from 'node:path';
import { LibosError } from '../../base/errors.js';

/** The only directories executables are looked up in, in order (the sandbox's PATH too). */
export const SAFE_PATH: readonly string[] = [
  '/usr/local/bin',
  '/usr/bin',
  '/bin',
  '/usr/local/sbin',
  '/usr/sbin',
  '/sbin',
];

/** An executable name: a bare file name, no path. */
export const EXECUTABLE_NAME = /^[A-Za-z0-9_+][A-Za-z0-9._+-]{0,127}$/;

/** What will run: the real host path and the SHA-256 of its content. */
export interface ResolvedExecutable {
  readonly path: string;
  readonly sha256: string;
}

const ATTEMPTED = 'Running a command';

// Content hashes by real path and identity (device, inode, size, change time): a replaced or
// rewritten file is hashed again.
const hashes = new Map<string, string>();
const MAX_CACHED = 512;

/**
 * Resolves `name` on SAFE_PATH (following the links system directories use, e.g.
 * `/usr/bin/python3 → python3.11`) to a regular executable file that lies outside every path in
 * `forbidden` (the workspace and the runtime's state), and hashes its content.
 * @throws INVALID_INPUT for a name with a slash or other path syntax; NOT_FOUND when no
 *   executable of that name is on the safe PATH; NOT_PERMITTED when the one found lies in a
 *   forbidden directory.
 */
export async function resolveExecutable(
  name: string,
  forbidden: readonly string[],
): Promise<ResolvedExecutable> {
  if (!EXECUTABLE_NAME.test(name)) {
    throw new LibosError(
      'INVALID_INPUT',
      `${ATTEMPTED} failed: argv[0] must be a bare executable name (looked up on ${SAFE_PATH.join(':')}), not a path`,
    );
  }
  for (const dir of SAFE_PATH) {
    let real: string;
    try {
      real = await fsp.realpath(`${dir}/${name}`);
    } catch {
      continue;
    }
    const stats = await fsp.stat(real, { bigint: true });
    if (!stats.isFile() || (Number(stats.mode) & 0o111) === 0) continue;
    if (forbidden.some((root) => real === root || real.startsWith(`${root}${sep}`))) {
      throw new LibosError(
        'NOT_PERMITTED',
        `${ATTEMPTED} failed: ${name} resolves into the workspace or the runtime's state, which never run as commands`,
      );
    }
    const key = `${real}\0${stats.dev}\0${stats.ino}\0${stats.size}\0${stats.ctimeNs}`;
    let sha256 = hashes.get(key);
    if (sha256 === undefined) {
      sha256 = await hashOf(real);
      if (hashes.size >= MAX_CACHED) hashes.clear();
      hashes.set(key, sha256);
    }
    return { path: real, sha256 };
  }
  throw new LibosError(
    'NOT_FOUND',
    `${ATTEMPTED} failed: no executable named ${name} on ${SAFE_PATH.join(':')}`,
  );
}

async function hashOf(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
