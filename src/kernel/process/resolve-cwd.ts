// Resolving a working directory change against the current one, kept inside the workspace.
import { posix } from 'node:path';
import { findHiddenCharacter } from '../../base/find-hidden-character.js';

/**
 * The workspace-relative directory `target` names when seen from `cwd`, or `null` when it would
 * leave the workspace or is malformed (control or format characters, not NFC). `.` is the workspace root;
 * absolute paths are rejected. Like every fs path, `target` must be NFC: capability patterns
 * compare bytes, so an NFD cwd would carry every later relative path past a deny written in NFC.
 */
export function resolveCwd(cwd: string, target: string): string | null {
  if (
    target.length === 0 ||
    target.includes('\0') ||
    // Control characters would forge lines wherever the cwd is shown or journaled, format
    // characters (bidi overrides, zero-width) would make it read differently.
    findHiddenCharacter(target, { allowLineBreaks: false }) !== null ||
    target.normalize('NFC') !== target ||
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
