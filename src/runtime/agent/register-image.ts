// Registering an agent image version: validated against the tool table, stored, journaled.
import { canonicalJson } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import { BUILTIN_IMAGES } from '../../kernel/agent/builtin-images.js';
import type { AgentImage } from '../../kernel/agent/types.js';
import type { Actor } from '../../kernel/process/types.js';
import { BUILTIN_TOOLS } from '../../tools/tool-table.js';
import { isSkillName } from '../../kernel/skill/skill-name.js';
import { runCommand, type CommandScope } from '../commands/command-scope.js';
import { oncePerCall } from '../commands/once-per-call.js';
import type { RuntimeDeps } from '../deps.js';

/**
 * Stores `image` (a new id, or a new version of a registered one). Every tool it lists must exist;
 * requirements are declarations only and grant nothing.
 * Skills it names need not be registered yet: they are granted by name when it runs.
 * @throws INVALID_INPUT (unknown tool, bad id, bad skill name), ALREADY_EXISTS (that version, or a built-in id)
 */
export function registerImage(
  deps: RuntimeDeps,
  image: AgentImage,
  options: { actor: Actor; call?: string },
): Promise<AgentImage> {
  checkImage(image);
  return runCommand(deps, { actor: options.actor }, async (scope) => {
    const { actor } = options;
    const register = async (): Promise<null> => {
      await storeImage(scope, image);
      return null;
    };
    // A registration re-issued by the same call after a crash already stored this version.
    if (actor === 'operator' || actor === 'runtime') await register();
    else await oncePerCall(scope, { pid: actor, key: options.call }, register);
    return image;
  });
}

/**
 * Checks what every registration checks: the id, not a built-in, known tools, Skill names.
 * @throws INVALID_INPUT, ALREADY_EXISTS (a built-in id)
 */
export function checkImage(image: AgentImage): void {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(image.id)) {
    throw new LibosError(
      'INVALID_INPUT',
      'Registering an image failed: the id must be lowercase letters, digits and dashes',
    );
  }
  if (BUILTIN_IMAGES.some((b) => b.id === image.id)) {
    throw new LibosError(
      'ALREADY_EXISTS',
      `Registering an image failed: ${image.id} is a built-in image`,
    );
  }
  const unknown = image.tools.filter((t) => !BUILTIN_TOOLS.has(t));
  if (unknown.length > 0)
    throw new LibosError(
      'INVALID_INPUT',
      `Registering an image failed: unknown tools ${unknown.join(', ')}`,
    );
  const skills = image.skills ?? [];
  const badSkill = skills.find((name) => !isSkillName(name));
  if (badSkill !== undefined || new Set(skills).size !== skills.length)
    throw new LibosError(
      'INVALID_INPUT',
      badSkill === undefined
        ? 'Registering an image failed: a skill is named twice'
        : `Registering an image failed: ${JSON.stringify(badSkill)} is not a skill name`,
      { details: { field: 'skills' } },
    );
}

/**
 * In the caller's command: stores a checked image version as the scope's actor and journals
 * `image.registered`.
 * @throws ALREADY_EXISTS (that version)
 */
export async function storeImage(scope: CommandScope, image: AgentImage): Promise<void> {
  await scope.tx.insertImage(image, { by: scope.actor, at: scope.now });
  scope.journal('image.registered', null, {
    imageId: image.id,
    version: image.version,
    specSha256: sha256Hex(canonicalJson(image)),
  });
}
