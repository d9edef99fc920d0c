// Whether bubblewrap is here and really makes a sandbox: found on the safe PATH, then run once.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findSystemExecutable, isExecutable } from '../system-executable.js';

const run = promisify(execFile);

/** What a probe found. */
export interface ToolProbe {
  readonly ok: boolean;
  readonly path: string | null;
  readonly version: string | null;
  /** What works or what is wrong, for `doctor`. */
  readonly detail: string;
}

/** The smallest real sandbox: every namespace unshared, `/usr` read-only (Debian's merged /usr). */
export const MINIMAL_SANDBOX: readonly string[] = [
  '--die-with-parent',
  '--unshare-all',
  '--ro-bind',
  '/usr',
  '/usr',
  '--symlink',
  'usr/bin',
  '/bin',
  '--symlink',
  'usr/lib',
  '/lib',
  '--symlink',
  'usr/lib64',
  '/lib64',
  '--proc',
  '/proc',
  '--dev',
  '/dev',
];

/** The install hint every "no sandbox" message carries. */
export const BWRAP_INSTALL_HINT = 'install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap)';

/**
 * Finds bwrap (or takes `options.path`) and runs a real, minimal sandbox with it (every namespace unshared, /usr
 * read-only, `true`), so a bwrap that the host's kernel or container forbids is reported as
 * not working rather than merely present.
 */
export async function probeBwrap(options: { readonly path?: string } = {}): Promise<ToolProbe> {
  const path =
    options.path === undefined
      ? findSystemExecutable('bwrap')
      : isExecutable(options.path)
        ? options.path
        : null;
  if (path === null)
    return { ok: false, path: null, version: null, detail: `not found: ${BWRAP_INSTALL_HINT}` };
  let version: string | null = null;
  try {
    const { stdout } = await run(path, ['--version'], { timeout: 5_000 });
    version = stdout.trim().replace(/^bubblewrap\s+/, '');
  } catch {
    // Reported by the real run below.
  }
  try {
    await run(path, [...MINIMAL_SANDBOX, '--', '/usr/bin/true'], { timeout: 10_000 });
    return { ok: true, path, version, detail: 'makes sandboxes (all namespaces unshared)' };
  } catch (cause) {
    const stderr = (cause as { stderr?: string }).stderr?.trim() ?? '';
    return {
      ok: false,
      path,
      version,
      detail: `found, but it cannot make a sandbox here${stderr === '' ? '' : `: ${stderr}`}`,
    };
  }
}
