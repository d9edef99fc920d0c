// Prepared statements and row mapping for the Skill registry (migration 009).
import type Database from 'better-sqlite3';
import type { Json } from '../../base/canonical-json.js';
import type { Skill, SkillFile } from '../../kernel/skill/types.js';

/** A `skills` row. */
export interface SkillRow {
  readonly name: string;
  readonly version: number;
  readonly description: string;
  readonly sha256: string;
  readonly files_json: string;
  readonly metadata_json: string;
  readonly registered_by: string;
  readonly created_at: number;
  readonly removed_at: number | null;
}

/** Raw Skill reads. */
export interface SkillReads {
  get(name: string, version: number | undefined): SkillRow | undefined;
  list(afterName: string, limit: number): SkillRow[];
}

/** Prepared Skill writes. */
export interface SkillWrites {
  readonly insert: Database.Statement<[SkillRow]>;
  readonly remove: Database.Statement<[number, string]>;
}

const COLUMNS =
  'name, version, description, sha256, files_json, metadata_json, registered_by, created_at, removed_at';

/** Prepares the Skill reads of `db`. */
export function prepareSkillReads(db: Database.Database): SkillReads {
  const newest = db.prepare<[string], SkillRow>(
    `SELECT ${COLUMNS} FROM skills WHERE name = ? ORDER BY version DESC LIMIT 1`,
  );
  const exact = db.prepare<[string, number], SkillRow>(
    `SELECT ${COLUMNS} FROM skills WHERE name = ? AND version = ?`,
  );
  // The newest version of each live name: removal marks every version, so a live newest row is
  // the newest row of a name not removed since.
  const list = db.prepare<[string, number], SkillRow>(
    `SELECT ${COLUMNS} FROM skills s WHERE s.name > ? AND s.removed_at IS NULL ` +
      'AND s.version = (SELECT MAX(version) FROM skills WHERE name = s.name) ORDER BY s.name LIMIT ?',
  );
  return {
    get: (name, version) => (version === undefined ? newest.get(name) : exact.get(name, version)),
    list: (afterName, limit) => list.all(afterName, limit),
  };
}

/** Prepares the Skill writes of the writing connection. */
export function prepareSkillWrites(db: Database.Database): SkillWrites {
  return {
    insert: db.prepare(
      `INSERT INTO skills (${COLUMNS}) VALUES (@name, @version, @description, @sha256, ` +
        '@files_json, @metadata_json, @registered_by, @created_at, @removed_at)',
    ),
    remove: db.prepare('UPDATE skills SET removed_at = ? WHERE name = ? AND removed_at IS NULL'),
  };
}

/** A row as the kernel's Skill. */
export function fromSkillRow(row: SkillRow): Skill {
  return {
    name: row.name,
    version: row.version,
    description: row.description,
    sha256: row.sha256,
    files: JSON.parse(row.files_json) as SkillFile[],
    metadata: JSON.parse(row.metadata_json) as { [key: string]: Json },
    registeredBy: row.registered_by,
    createdAt: row.created_at,
    removedAt: row.removed_at,
  };
}

/** A Skill as a row. */
export function toSkillRow(skill: Skill): SkillRow {
  return {
    name: skill.name,
    version: skill.version,
    description: skill.description,
    sha256: skill.sha256,
    files_json: JSON.stringify(skill.files),
    metadata_json: JSON.stringify(skill.metadata),
    registered_by: skill.registeredBy,
    created_at: skill.createdAt,
    removed_at: skill.removedAt,
  };
}
