// Finds the Deno binary the `deno` npm package installed in node_modules (never the PATH or the network).
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { findSystemExecutable, isExecutable } from './system-executable.js';

/**
 * The absolute path of the Deno binary shipped by the `deno` package's platform dependency
 * (`@deno/linux-x64-glibc`, …), else the copy its install script links beside it; null when
 * neither is installed and executable. Never searches the PATH, so the binary is the one the
 * lockfile pinned.
 */
export function findDeno(): string | null {
  const require = createRequire(import.meta.url);
  const exe = platform() === 'win32' ? 'deno.exe' : 'deno';
  const target = platform() === 'linux' ? `linux-${arch()}-glibc` : `${platform()}-${arch()}`;
  for (const pkg of [`@deno/${target}/package.json`, 'deno/package.json']) {
    let dir: string;
    try {
      dir = dirname(require.resolve(pkg));
    } catch {
      continue;
    }
    const path = join(dir, exe);
    if (isExecutable(path)) return path;
  }
  return null;
}

/** `setpriv` when present: it makes the kernel kill Deno when its host dies (`--pdeathsig`). */
export function findSetpriv(): string | null {
  return findSystemExecutable('setpriv');
}
