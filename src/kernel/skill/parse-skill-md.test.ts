// Tests for SKILL.md parsing: front matter as the Agent Skills spec writes it, errors naming the field.
import { describe, expect, it } from 'vitest';
import { parseSkillMd } from './parse-skill-md.js';

function doc(front: string, body = '# Steps\n\n1. Do it.\n'): string {
  return `---\n${front}\n---\n${body}`;
}

describe('parseSkillMd', () => {
  it('reads name, description and the body, keeping the other fields as metadata', () => {
    const parsed = parseSkillMd(
      doc(
        'name: pdf-forms\ndescription: >\n  Fill PDF forms.\n  Use for any .pdf form.\nlicense: Apache-2.0\nallowed-tools: Bash(python:*) Read\nmetadata:\n  version: "1.2"',
        '\n# PDF forms\n\nRun scripts/fill.py.\n',
      ),
    );
    expect(parsed).toStrictEqual({
      ok: true,
      value: {
        name: 'pdf-forms',
        description: 'Fill PDF forms. Use for any .pdf form.',
        metadata: {
          license: 'Apache-2.0',
          'allowed-tools': 'Bash(python:*) Read',
          metadata: { version: '1.2' },
        },
        body: '# PDF forms\n\nRun scripts/fill.py.\n',
      },
    });
  });

  it('accepts CRLF line endings, a byte-order mark and an empty body', () => {
    const parsed = parseSkillMd(
      '\uFEFF---\r\nname: changelog\r\ndescription: Writes changelogs.\r\n---\r\n',
    );
    expect(parsed).toMatchObject({ ok: true, value: { name: 'changelog', body: '' } });
  });

  it.each([
    ['no front matter', '# Just a body\n', '(front matter)', /must begin with a --- line/],
    ['an unclosed block', '---\nname: a\ndescription: b\n', '(front matter)', /no closing ---/],
    ['broken YAML', doc('name: [unclosed'), '(front matter)', /not valid YAML/],
    ['a list instead of a mapping', doc('- name'), '(front matter)', /must be a YAML mapping/],
    ['a missing name', doc('description: Does things.'), 'name', /is required/],
    ['a missing description', doc('name: tidy'), 'description', /is required/],
    [
      'an empty description',
      doc('name: tidy\ndescription: "  "'),
      'description',
      /must not be empty/,
    ],
    ['an upper-case name', doc('name: PDF-Forms\ndescription: x'), 'name', /lowercase/],
    ['a leading hyphen', doc('name: -pdf\ndescription: x'), 'name', /lowercase/],
    ['a double hyphen', doc('name: pdf--forms\ndescription: x'), 'name', /lowercase/],
    ['a path as name', doc('name: ../etc\ndescription: x'), 'name', /lowercase/],
    ['a name too long', doc(`name: ${'a'.repeat(65)}\ndescription: x`), 'name', /1-64/],
    ['a number as name', doc('name: 42\ndescription: x'), 'name', /must be text/],
    [
      'a description too long',
      doc(`name: tidy\ndescription: ${'x'.repeat(1025)}`),
      'description',
      /at most 1024/,
    ],
    [
      'a hidden character in the description',
      doc('name: tidy\ndescription: "safe\\u202Eevil"'),
      'description',
      /U\+202E/,
    ],
  ])('refuses %s, naming the field', (_label, text, field, reason) => {
    const parsed = parseSkillMd(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.field).toBe(field);
    expect(parsed.reason).toMatch(reason);
  });
});
