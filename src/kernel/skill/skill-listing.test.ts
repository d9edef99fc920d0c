// Tests for the Skills section of a system prompt: names and descriptions, bounded, cuts counted.
import { describe, expect, it } from 'vitest';
import { formatSkillListing } from './skill-listing.js';
import { SKILL_LIMITS } from './types.js';

describe('formatSkillListing', () => {
  it('is empty when nothing is usable', () => {
    expect(formatSkillListing([])).toStrictEqual({ text: '', listed: [], omitted: 0 });
  });

  it('lists each Skill on one line, whitespace collapsed, after a header that says it grants nothing', () => {
    const listing = formatSkillListing([
      { name: 'changelog', description: 'Writes\n  changelogs.' },
      { name: 'pdf-forms', description: 'Fills PDF forms.' },
    ]);
    const lines = listing.text.split('\n');
    expect(lines[0]).toMatch(/skill_activate.*grants no\s+permission/);
    expect(lines.slice(1)).toEqual([
      '- changelog: Writes changelogs.',
      '- pdf-forms: Fills PDF forms.',
    ]);
    expect(listing.listed).toEqual(['changelog', 'pdf-forms']);
    expect(listing.omitted).toBe(0);
  });

  it('stops at the count bound and says how many were left out', () => {
    const skills = Array.from({ length: SKILL_LIMITS.maxListed + 3 }, (_, i) => ({
      name: `s${i}`,
      description: 'short',
    }));
    const listing = formatSkillListing(skills, { total: skills.length + 2 });
    expect(listing.listed).toHaveLength(SKILL_LIMITS.maxListed);
    expect(listing.omitted).toBe(5);
    expect(listing.text.split('\n').at(-1)).toMatch(/^\(5 more Skills not listed/);
  });

  it('stops at the length bound without cutting an entry', () => {
    const skills = Array.from({ length: 40 }, (_, i) => ({
      name: `skill-${i}`,
      description: 'd'.repeat(1000),
    }));
    const listing = formatSkillListing(skills);
    expect(listing.text.length).toBeLessThanOrEqual(SKILL_LIMITS.maxListingChars + 200);
    expect(listing.listed.length).toBeLessThan(40);
    for (const line of listing.text.split('\n').slice(1, -1)) expect(line).toMatch(/d{1000}$/);
    expect(listing.omitted).toBe(40 - listing.listed.length);
  });
});
