// The Store port's Skill part: registered Skill versions (their files are content-addressed blobs).
import type { Skill } from '../kernel/skill/types.js';

/** Reads of the Skill registry. */
export interface SkillReader {
  /**
   * Version `version` of the Skill `name`, or, without one, its newest version — removed or not
   * (`removedAt` says): so a re-registration after a removal continues the numbering.
   */
  getSkill(name: string, version?: number): Promise<Skill | undefined>;
  /**
   * The newest version of each Skill not removed, keyset-paged by name after `afterName`.
   */
  listSkills(query: { afterName?: string; limit: number }): Promise<Skill[]>;
}

/** Writes of the Skill registry; only inside a transaction. Blobs go through `putBlob`. */
export interface SkillWriter {
  /** @throws ALREADY_EXISTS when that name and version exist */
  insertSkill(skill: Skill): Promise<void>;
  /** Marks every version of `name` removed at `at`; returns how many live versions it marked. */
  removeSkill(name: string, options: { at: number }): Promise<number>;
}
