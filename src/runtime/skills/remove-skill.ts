// Removing a Skill: its name leaves every listing and activation; its versions stay for the journal.
import { LibosError } from '../../base/errors.js';
import type { Actor } from '../../kernel/process/types.js';
import { runCommand } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';

/**
 * Marks every version of the Skill `name` removed, in one transaction with `skill.removed`. No
 * process lists, activates or reads it afterwards (grants on `skill:<name>` stay, and cover the
 * Skill again if the name is registered anew); the stored versions and blobs stay, so journal
 * entries naming them can still be checked.
 * @throws NOT_FOUND when no live Skill has that name
 */
export function removeSkill(
  deps: RuntimeDeps,
  name: string,
  options: { readonly actor: Actor },
): Promise<number> {
  return runCommand(deps, { actor: options.actor }, async (scope) => {
    const newest = await scope.tx.getSkill(name);
    if (newest === undefined || newest.removedAt !== null)
      throw new LibosError(
        'NOT_FOUND',
        `Removing a skill failed: no skill named ${JSON.stringify(name)}`,
        {
          details: { skill: name },
        },
      );
    const versions = await scope.tx.removeSkill(name, { at: scope.now });
    scope.journal('skill.removed', null, { name, version: newest.version, sha256: newest.sha256 });
    return versions;
  });
}
