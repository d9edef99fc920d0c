// Resolving a working directory change against the current one, kept inside the workspace.
import { posix } from 'node:path';

/**
 * The workspace-relative directory `target` names when seen from `cwd`, or `null` when it would
 * leave the workspace. `.` is the workspace root; absolute paths are rejected.
 */
export function resolveCwd(cwd: string, target: string): string | null {
  if (
    target.length === 0 ||
    target.includes('\0') ||
    posix.isAbsolute(target) ||
    /^[A-Za-z]:[\\/]/.test(target)
  ) {
    return null;
  }
  const joined = posix.normalize(posix.join(cwd, target.replaceAll('\\', '/')));
  if (joined === '..' || joined.startsWith('../')) return null;
  const trimmed = joined.replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}
