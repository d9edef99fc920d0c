// skill.read: reads one file of a registered Skill's snapshot (a script, a reference, a template).
import { decodeUtf8 } from '../../base/decode-utf8.js';
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import type { ResourceNeed } from '../define-syscall.js';
import { normalizeSkillPath } from '../../kernel/skill/skill-path.js';
import { SKILL_FILE, SKILL_LIMITS } from '../../kernel/skill/types.js';
import { defineSyscall, done } from '../define-syscall.js';
import { skillNameInput } from './skill-input.js';

const ATTEMPTED = 'Reading a skill file';

const input = z.strictObject({
  name: skillNameInput,
  path: z.string().min(1).max(SKILL_LIMITS.maxPathLength),
  encoding: z.enum(['utf8', 'base64']).default('utf8'),
});

/** Input of `skill.read`. */
export type SkillReadInput = z.infer<typeof input>;

/** Output of `skill.read`. */
export interface SkillReadOutput {
  readonly skill: string;
  readonly version: number;
  /** The snapshot's sha256. */
  readonly sha256: string;
  /** The normalised path inside the Skill. */
  readonly path: string;
  /** The content as UTF-8 text or base64, as asked. */
  readonly content: string;
  readonly bytes: number;
  readonly fileSha256: string;
}

/**
 * `skill.read`: one file of the newest registered version of a Skill, from its snapshot (never
 * the folder on disk). Needs `skill:<name> read`, and `activate` as well for SKILL.md itself (its
 * body is what activation loads). The path is normalised inside the Skill; an absolute path or
 * one leaving it (`..`) is refused before any decision.
 * @throws INVALID_INPUT (path, not UTF-8 for utf8), NOT_FOUND, OUT_OF_RANGE (past 1 MiB),
 *   STORE_CORRUPT
 */
export const skillRead = defineSyscall<SkillReadInput, SkillReadOutput>({
  name: 'skill.read',
  summary: 'Read one file (script, reference, template) of a registered Skill.',
  input,
  effect: 'none',
  resources: (args) => {
    const path = skillPath(args.path);
    const need = (right: 'read' | 'activate'): ResourceNeed => ({
      resource: { kind: 'skill', path: args.name },
      right,
    });
    return path === SKILL_FILE ? [need('read'), need('activate')] : [need('read')];
  },
  journal: (_args, output) => ({
    skill: output.skill,
    version: output.version,
    sha256: output.sha256,
    path: output.path,
    fileSha256: output.fileSha256,
    bytes: output.bytes,
  }),
  async run(args, ctx) {
    const path = skillPath(args.path);
    const { skill, file, bytes } = await ctx.kernel.readSkill({ name: args.name, path });
    if (bytes.length > SKILL_LIMITS.maxReadBytes)
      throw new LibosError(
        'OUT_OF_RANGE',
        `${ATTEMPTED} failed: ${path} is larger than ${SKILL_LIMITS.maxReadBytes} bytes`,
        { details: { path } },
      );
    return done({
      skill: skill.name,
      version: skill.version,
      sha256: skill.sha256,
      path,
      content: decode(bytes, { encoding: args.encoding, path }),
      bytes: bytes.length,
      fileSha256: file.sha256,
    });
  },
});

function skillPath(path: string): string {
  const normal = normalizeSkillPath(path);
  if (!normal.ok)
    throw new LibosError('INVALID_INPUT', `${ATTEMPTED} failed: ${normal.reason}`, {
      details: { field: 'path' },
    });
  return normal.value;
}

function decode(bytes: Uint8Array, options: { encoding: 'utf8' | 'base64'; path: string }): string {
  if (options.encoding === 'base64') return Buffer.from(bytes).toString('base64');
  const text = decodeUtf8(bytes);
  if (text === null)
    throw new LibosError(
      'INVALID_INPUT',
      `${ATTEMPTED} failed: ${options.path} is not valid UTF-8; read it with encoding base64`,
      { details: { path: options.path } },
    );
  return text;
}
