// Skill names: the Agent Skills rule (lowercase letters, digits, single hyphens), so every name is a safe resource.

/** 1–64 lowercase letters and digits in groups joined by single hyphens (`pdf-forms`). */
export const SKILL_NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Longest Skill name. */
export const MAX_SKILL_NAME = 64;

/** What a valid name looks like, for error messages. */
export const SKILL_NAME_RULE =
  'must be 1-64 lowercase letters and digits joined by single hyphens (like pdf-forms)';

/** True when `name` is a valid Skill name. */
export function isSkillName(name: string): boolean {
  return name.length <= MAX_SKILL_NAME && SKILL_NAME_PATTERN.test(name);
}
