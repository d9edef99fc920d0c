// Reading one file of the newest live version of a Skill, proved against its recorded sha256.
import { LibosError } from '../../base/errors.js';
import type { SkillFile } from '../../kernel/skill/types.js';
import type { SkillFileRead } from '../../ports/kernel-ops.js';
import type { StoreReader } from '../../ports/store.js';
import { readPayload } from '../objects/read-payload.js';

/**
 * The file `path` (normalised) of the newest live version of the Skill `name` (or of version
 * `version`, removed or not: the operator's view of history), with its bytes. The snapshot is
 * what registration stored: the folder on disk is never read again.
 * @throws NOT_FOUND (no live Skill of that name, no such file in it); STORE_CORRUPT (the bytes
 *   no longer hash to the recorded sha256)
 */
export async function readSkillFile(
  reader: StoreReader,
  input: {
    readonly name: string;
    readonly version?: number;
    readonly path: string;
    readonly attempted: string;
  },
): Promise<SkillFileRead> {
  const skill = await reader.getSkill(input.name, input.version);
  if (skill === undefined || (input.version === undefined && skill.removedAt !== null))
    throw new LibosError(
      'NOT_FOUND',
      `${input.attempted} failed: no skill ${JSON.stringify(input.version === undefined ? input.name : `${input.name}@${input.version}`)}`,
      { details: { skill: input.name } },
    );
  const file: SkillFile | undefined = skill.files.find((f) => f.path === input.path);
  if (file === undefined)
    throw new LibosError(
      'NOT_FOUND',
      `${input.attempted} failed: skill ${input.name} has no file ${JSON.stringify(input.path)}`,
      { details: { skill: input.name, path: input.path } },
    );
  const bytes = await readPayload(reader, file.sha256, {
    attempted: input.attempted,
    ref: `skill ${skill.name}@${skill.version}/${file.path}`,
  });
  return { skill, file, bytes };
}
