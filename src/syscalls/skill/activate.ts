// skill.activate: loads a Skill's instructions (the body of its SKILL.md) into the caller's context.
import { decodeUtf8 } from '../../base/decode-utf8.js';
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import { parseSkillMd } from '../../kernel/skill/parse-skill-md.js';
import { SKILL_FILE } from '../../kernel/skill/types.js';
import { defineSyscall, done } from '../define-syscall.js';
import { skillNameInput } from './skill-input.js';

const ATTEMPTED = 'Activating a skill';

/** Files an activation names, at most (the rest are counted). */
const MAX_FILES_NAMED = 200;

const input = z.strictObject({ name: skillNameInput });

/** Input of `skill.activate`. */
export type SkillActivateInput = z.infer<typeof input>;

/** Output of `skill.activate`: what the model reads. */
export interface SkillActivateOutput {
  readonly skill: string;
  readonly version: number;
  /** The snapshot's sha256: which registered content these instructions are. */
  readonly sha256: string;
  /** The Markdown body of SKILL.md. */
  readonly instructions: string;
  /** The Skill's other files, readable with skill.read (`scripts/fill.py`, `reference.md`). */
  readonly files: readonly string[];
  /** Files left out of `files` past 200. */
  readonly filesOmitted: number;
  readonly note: string;
}

/**
 * `skill.activate`: the instructions of the newest registered version of a Skill. Needs
 * `skill:<name> activate`. The result enters the caller's transcript like any tool result (its
 * context, durably); the journal names the version, the snapshot's sha256 and the body's sha256.
 * A Skill grants nothing: the instructions run under the caller's own capabilities.
 * @throws NOT_FOUND (no such Skill), STORE_CORRUPT
 */
export const skillActivate = defineSyscall<SkillActivateInput, SkillActivateOutput>({
  name: 'skill.activate',
  summary: "Load a registered Skill's instructions (its SKILL.md body) into the caller's context.",
  input,
  effect: 'none',
  resources: (args) => [{ resource: { kind: 'skill', path: args.name }, right: 'activate' }],
  journal: (_args, output) => ({
    skill: output.skill,
    version: output.version,
    sha256: output.sha256,
    bodySha256: sha256Hex(output.instructions),
  }),
  async run(args, ctx) {
    const { skill, bytes } = await ctx.kernel.readSkill({ name: args.name, path: SKILL_FILE });
    // It was checked when registered and its bytes match their hash, so this parse succeeds.
    const text = decodeUtf8(bytes);
    const parsed = text === null ? null : parseSkillMd(text);
    if (parsed?.ok !== true)
      throw new LibosError(
        'STORE_CORRUPT',
        `${ATTEMPTED} failed: the stored SKILL.md of ${skill.name}@${skill.version} no longer parses`,
      );
    const others = skill.files.map((f) => f.path).filter((p) => p !== SKILL_FILE);
    return done({
      skill: skill.name,
      version: skill.version,
      sha256: skill.sha256,
      instructions: parsed.value.body,
      files: others.slice(0, MAX_FILES_NAMED),
      filesOmitted: Math.max(0, others.length - MAX_FILES_NAMED),
      note: 'Follow these instructions with your own tools; the Skill grants no permission. Read its files with skill_read.',
    });
  },
});
