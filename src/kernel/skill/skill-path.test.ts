// Tests for paths inside a Skill: normalised, and never leaving the folder.
import { describe, expect, it } from 'vitest';
import { normalizeSkillPath } from './skill-path.js';

describe('normalizeSkillPath', () => {
  it.each([
    ['reference.md', 'reference.md'],
    ['./scripts//fill.py', 'scripts/fill.py'],
    ['scripts/../reference.md', 'reference.md'],
    ['templates/', 'templates'],
  ])('normalises %s to %s', (path, normal) => {
    expect(normalizeSkillPath(path)).toStrictEqual({ ok: true, value: normal });
  });

  it.each([
    ['', /empty/],
    ['/etc/passwd', /relative/],
    ['C:/x', /relative/],
    ['scripts\\fill.py', /relative/],
    ['..', /leaves the Skill folder/],
    ['../other-skill/SKILL.md', /leaves the Skill folder/],
    ['scripts/../../.env', /leaves the Skill folder/],
    ['.', /names the Skill folder/],
    ['a\u0000b', /control character/],
    ['x'.repeat(1025), /too long/],
  ])('refuses %j', (path, reason) => {
    const normal = normalizeSkillPath(path);
    expect(normal.ok).toBe(false);
    if (!normal.ok) expect(normal.reason).toMatch(reason);
  });
});
