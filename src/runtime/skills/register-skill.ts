// Registering a Skill: check SKILL.md, snapshot every file as a blob, store the next version, journal it.
import { decodeUtf8 } from '../../base/decode-utf8.js';
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import type { Actor } from '../../kernel/process/types.js';
import { parseSkillMd, type SkillDocument } from '../../kernel/skill/parse-skill-md.js';
import { skillSnapshotHash } from '../../kernel/skill/snapshot-hash.js';
import { SKILL_FILE, SKILL_LIMITS, type Skill, type SkillFile } from '../../kernel/skill/types.js';
import { runCommand } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';
import type { FolderFile } from './read-skill-folder.js';

/** What a registration did: the version now current, and whether it is new. */
export interface SkillRegistration {
  readonly skill: Skill;
  /** False when the folder matched the newest live version byte for byte (nothing was stored). */
  readonly created: boolean;
}

/**
 * Registers the files of a Skill folder (as `readSkillFolder` read them) as the next version of
 * the Skill its SKILL.md names, in one transaction: every file's bytes as a content-addressed
 * blob, the version row with the snapshot's sha256, and `skill.registered`. Content equal to the
 * newest live version registers nothing and returns it (`created: false`); after `skill rm`, or
 * with any change, the next version number is taken. Later edits of the folder change nothing.
 * @throws INVALID_INPUT (no SKILL.md, not UTF-8, front matter: `details.field`), OUT_OF_RANGE
 *   (SKILL.md past `SKILL_LIMITS.maxSkillFileBytes`)
 */
export function registerSkill(
  deps: RuntimeDeps,
  files: readonly FolderFile[],
  options: { readonly actor: Actor; readonly shown: string },
): Promise<SkillRegistration> {
  const attempted = `Registering skill folder ${JSON.stringify(options.shown)}`;
  const document = readDocument(files, attempted);
  const entries: SkillFile[] = files.map((f) => ({
    path: f.path,
    size: f.bytes.length,
    sha256: sha256Hex(f.bytes),
  }));
  const sha256 = skillSnapshotHash(entries);
  return runCommand(deps, { actor: options.actor }, async (scope) => {
    const newest = await scope.tx.getSkill(document.name);
    if (newest !== undefined && newest.removedAt === null && newest.sha256 === sha256)
      return { skill: newest, created: false };
    const skill: Skill = {
      name: document.name,
      version: (newest?.version ?? 0) + 1,
      description: document.description,
      sha256,
      files: [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      metadata: document.metadata,
      registeredBy: options.actor,
      createdAt: scope.now,
      removedAt: null,
    };
    for (const [i, file] of files.entries()) {
      const entry = entries[i];
      if (entry !== undefined) await scope.tx.putBlob(entry.sha256, file.bytes);
    }
    await scope.tx.insertSkill(skill);
    scope.journal('skill.registered', null, {
      name: skill.name,
      version: skill.version,
      sha256,
      files: entries.length,
      bytes: entries.reduce((sum, f) => sum + f.size, 0),
      previous: newest === undefined ? null : `${newest.name}@${newest.version}`,
    });
    return { skill, created: true };
  });
}

function readDocument(files: readonly FolderFile[], attempted: string): SkillDocument {
  const file = files.find((f) => f.path === SKILL_FILE);
  if (file === undefined)
    throw new LibosError(
      'INVALID_INPUT',
      `${attempted} failed: it has no ${SKILL_FILE} at its root`,
      {
        details: { file: SKILL_FILE },
      },
    );
  if (file.bytes.length > SKILL_LIMITS.maxSkillFileBytes)
    throw new LibosError(
      'OUT_OF_RANGE',
      `${attempted} failed: ${SKILL_FILE} is larger than ${SKILL_LIMITS.maxSkillFileBytes} bytes (move detail into files it references)`,
      { details: { file: SKILL_FILE } },
    );
  const text = decodeUtf8(file.bytes);
  if (text === null)
    throw new LibosError('INVALID_INPUT', `${attempted} failed: ${SKILL_FILE} is not valid UTF-8`, {
      details: { file: SKILL_FILE },
    });
  const parsed = parseSkillMd(text);
  if (!parsed.ok)
    throw new LibosError(
      'INVALID_INPUT',
      `${attempted} failed: ${SKILL_FILE} front matter: ${parsed.field}: ${parsed.reason}`,
      { details: { file: SKILL_FILE, field: parsed.field } },
    );
  return parsed.value;
}
