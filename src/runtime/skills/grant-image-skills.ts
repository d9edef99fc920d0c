// The Skills an image bundles become capability records of the process that runs it.
import { isLibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import { lookupKeys } from '../../kernel/capability/match.js';
import { isSkillName } from '../../kernel/skill/skill-name.js';
import { insertRecord } from '../authority/capability-ops.js';
import type { CommandScope } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';
import { resolveImage } from '../agent/image-registry.js';

/**
 * Grants `pid` `skill:<name> read,activate` for each Skill its image `imageRef` names
 * (`AgentImage.skills`), inside the caller's transaction (spawn, fork, exec): allow records
 * issued by the runtime, not delegable, journaled `capability.granted` like any grant. The
 * capability records stay the one authority: a deny on `skill:<name>` outranks them, revoking
 * them withdraws the Skill, and nothing else reads `skills`. An image that does not resolve
 * grants nothing (the process fails when it first runs), and a record the process already has
 * from an earlier image is not made twice.
 */
export async function grantImageSkills(
  scope: CommandScope,
  deps: RuntimeDeps,
  input: { readonly pid: Pid; readonly imageRef: string },
): Promise<void> {
  let names: readonly string[];
  try {
    names = (await resolveImage(scope.tx, input.imageRef)).skills ?? [];
  } catch (error) {
    if (isLibosError(error, 'NOT_FOUND')) return;
    throw error;
  }
  for (const name of new Set(names)) {
    if (!isSkillName(name)) continue;
    const resource = { kind: 'skill', path: name } as const;
    const held = await scope.tx.findCapabilities(input.pid, 'skill', lookupKeys(resource));
    const already = held.some(
      (r) =>
        r.issuedBy === 'runtime' &&
        r.effect === 'allow' &&
        r.revokedAt === null &&
        r.resource.match === 'exact' &&
        r.resource.path === name,
    );
    if (already) continue;
    await insertRecord(scope, deps, {
      subject: input.pid,
      resource: { kind: 'skill', match: 'exact', path: name },
      rights: ['read', 'activate'],
      effect: 'allow',
      usesRemaining: null,
      expiresAt: null,
      parentId: null,
      delegable: false,
      issuedBy: 'runtime',
      approval: null,
      boundCall: null,
      depth: 0,
    });
  }
}
