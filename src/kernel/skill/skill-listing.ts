// The Skills section of a system prompt: names and descriptions only, bounded, saying what was cut.
import { SKILL_LIMITS } from './types.js';

/** A Skill as the listing shows it. */
export interface ListedSkill {
  readonly name: string;
  readonly description: string;
}

/** The section's text ('' when nothing is usable) and the names it shows. */
export interface SkillListing {
  readonly text: string;
  readonly listed: readonly string[];
  /** Usable Skills left out by the count or length bound. */
  readonly omitted: number;
}

const HEADER =
  'Skills you may use. Each is a folder of instructions and files; load one with skill_activate ' +
  'when the task matches its description, and read its files with skill_read. A Skill grants no ' +
  'permission: follow its instructions with your own tools and grants.';

/**
 * Formats the usable Skills (in the given order) as `- name: description` lines under a header:
 * at most `SKILL_LIMITS.maxListed` Skills and `maxListingChars` characters (whitespace in a
 * description collapsed to single spaces); what does not fit is counted in a closing line, never
 * cut mid-entry. `total` is how many are usable when the caller read only the first page.
 */
export function formatSkillListing(
  skills: readonly ListedSkill[],
  options: { readonly total?: number } = {},
): SkillListing {
  const total = Math.max(options.total ?? skills.length, skills.length);
  if (total === 0) return { text: '', listed: [], omitted: 0 };
  const lines: string[] = [];
  const listed: string[] = [];
  let length = HEADER.length;
  for (const skill of skills) {
    if (listed.length >= SKILL_LIMITS.maxListed) break;
    const line = `- ${skill.name}: ${skill.description.replace(/\s+/g, ' ').trim()}`;
    if (length + line.length + 1 > SKILL_LIMITS.maxListingChars) break;
    lines.push(line);
    listed.push(skill.name);
    length += line.length + 1;
  }
  const omitted = total - listed.length;
  if (omitted > 0)
    lines.push(
      `(${omitted} more Skill${omitted === 1 ? '' : 's'} not listed: the list is capped at ${SKILL_LIMITS.maxListed} entries and ${SKILL_LIMITS.maxListingChars} characters)`,
    );
  return { text: [HEADER, ...lines].join('\n'), listed, omitted };
}
