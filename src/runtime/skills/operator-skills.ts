// The operator's Skill registry API: register a folder, list, show, read a file, remove.
import { resolve } from 'node:path';
import { LibosError } from '../../base/errors.js';
import { isSkillName, SKILL_NAME_RULE } from '../../kernel/skill/skill-name.js';
import { normalizeSkillPath } from '../../kernel/skill/skill-path.js';
import type { Skill } from '../../kernel/skill/types.js';
import type { SkillFileRead } from '../../ports/kernel-ops.js';
import type { RuntimeDeps } from '../deps.js';
import { readSkillFile } from './read-skill-file.js';
import { readSkillFolder } from './read-skill-folder.js';
import { registerSkill, type SkillRegistration } from './register-skill.js';
import { removeSkill } from './remove-skill.js';

/**
 * The Skill registry as the operator (`Runtime.skills`): registering is an operator act (a process
 * cannot register Skills), and grants nothing to any process — `skill:<name>` records do.
 */
export class OperatorSkills {
  private readonly deps: RuntimeDeps;

  constructor(deps: RuntimeDeps) {
    this.deps = deps;
  }

  /**
   * Snapshots the Skill folder `dir` (every regular file, see `readSkillFolder`) and registers it
   * as the next version of the Skill its SKILL.md names; equal content returns the current
   * version with `created: false`. This is also how an image package registers the folders it
   * bundles: register each, then name them in the image's `skills`.
   * @throws NOT_FOUND, INVALID_INPUT (folder, SKILL.md, front matter with `details.field`),
   *   OUT_OF_RANGE (limits)
   * @example
   * const { skill } = await runtime.skills.register('./skills/pdf-forms');
   * await runtime.grant({ subject: pid, resource: `skill:${skill.name}`, rights: 'read,activate' });
   */
  async register(
    dir: string,
    options: { readonly shown?: string; readonly signal?: AbortSignal } = {},
  ): Promise<SkillRegistration> {
    const shown = options.shown ?? dir;
    const files = await readSkillFolder(resolve(dir), {
      shown,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return registerSkill(this.deps, files, { actor: 'operator', shown });
  }

  /** The newest version of each registered Skill not removed, keyset-paged by name (100 by default). */
  list(query: { afterName?: string; limit?: number } = {}): Promise<Skill[]> {
    return this.deps.store.read((r) =>
      r.listSkills({
        limit: query.limit ?? 100,
        ...(query.afterName === undefined ? {} : { afterName: query.afterName }),
      }),
    );
  }

  /**
   * A Skill by `name` (newest live version) or `name@N` (that version, removed or not).
   * @throws INVALID_INPUT (not a name), NOT_FOUND
   */
  async show(ref: string): Promise<Skill> {
    const { name, version } = parseSkillRef(ref);
    const found = await this.deps.store.read((r) => r.getSkill(name, version));
    if (found === undefined || (version === undefined && found.removedAt !== null))
      throw new LibosError('NOT_FOUND', `Reading a skill failed: no skill ${JSON.stringify(ref)}`, {
        details: { skill: ref },
      });
    return found;
  }

  /**
   * One file of a Skill's snapshot (`SKILL.md` by default): of the newest live version for
   * `name`, of version N for `name@N`.
   * @throws INVALID_INPUT, NOT_FOUND, STORE_CORRUPT
   */
  async readFile(ref: string, path = 'SKILL.md'): Promise<SkillFileRead> {
    const normal = normalizeSkillPath(path);
    if (!normal.ok)
      throw new LibosError('INVALID_INPUT', `Reading a skill file failed: ${normal.reason}`);
    const { name, version } = parseSkillRef(ref);
    return this.deps.store.read((reader) =>
      readSkillFile(reader, {
        name,
        ...(version === undefined ? {} : { version }),
        path: normal.value,
        attempted: 'Reading a skill file',
      }),
    );
  }

  /**
   * Removes the Skill `name` (every version): no process lists, activates or reads it after.
   * @throws INVALID_INPUT (not a name: `name@N` too, since every version goes), NOT_FOUND
   */
  async remove(name: string): Promise<number> {
    if (!isSkillName(name))
      throw new LibosError(
        'INVALID_INPUT',
        `Removing a skill failed: give its name alone (every version is removed); the name ${SKILL_NAME_RULE}`,
        { details: { field: 'name' } },
      );
    return removeSkill(this.deps, name, { actor: 'operator' });
  }
}

function parseSkillRef(ref: string): { name: string; version?: number } {
  const at = ref.lastIndexOf('@');
  const name = at > 0 ? ref.slice(0, at) : ref;
  const versionText = at > 0 ? ref.slice(at + 1) : undefined;
  if (!isSkillName(name))
    throw new LibosError('INVALID_INPUT', `Reading a skill failed: the name ${SKILL_NAME_RULE}`, {
      details: { field: 'name' },
    });
  if (versionText === undefined) return { name };
  const version = Number(versionText);
  if (!/^[1-9][0-9]{0,8}$/.test(versionText))
    throw new LibosError(
      'INVALID_INPUT',
      'Reading a skill failed: a version is a whole number from 1',
      {
        details: { field: 'version' },
      },
    );
  return { name, version };
}
