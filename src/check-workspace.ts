// Refuses a workspace that is not an existing directory, before any state is created for it.
import { statSync } from 'node:fs';
import { LibosError } from './base/errors.js';

/**
 * Checks that `workspace` (an absolute path) is an existing directory, so a mistyped path is
 * refused instead of silently becoming a new workspace with a state directory of its own.
 * `named` is how the caller spells the setting in the fix (`--workspace`, `workspace`).
 * @throws NOT_FOUND when nothing is there; INVALID_INPUT when it is not a directory
 * @example
 * checkWorkspace('/home/me/project', { named: '--workspace' });
 */
export function checkWorkspace(workspace: string, options: { named: string }): void {
  const shown = JSON.stringify(workspace);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(workspace).isDirectory();
  } catch {
    throw new LibosError(
      'NOT_FOUND',
      `Opening the workspace failed: ${shown} does not exist; create it first (mkdir -p ${shown}) or give ${options.named} an existing directory`,
      { details: { workspace } },
    );
  }
  if (!isDirectory) {
    throw new LibosError(
      'INVALID_INPUT',
      `Opening the workspace failed: ${shown} is not a directory; give ${options.named} a directory`,
      { details: { workspace } },
    );
  }
}
