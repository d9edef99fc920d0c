// Parsing SKILL.md: YAML front matter (name, description, the rest kept) and the Markdown body.
import { parse, YAMLParseError } from 'yaml';
import { z } from 'zod';
import type { Json } from '../../base/canonical-json.js';
import { findHiddenCharacter } from '../../base/find-hidden-character.js';
import { MAX_SKILL_NAME, SKILL_NAME_PATTERN, SKILL_NAME_RULE } from './skill-name.js';

/** Longest description, as the Agent Skills specification sets it. */
export const MAX_SKILL_DESCRIPTION = 1024;

/** What SKILL.md says. */
export interface SkillDocument {
  readonly name: string;
  readonly description: string;
  /** Every other front-matter field, as JSON (informational: never read as authority). */
  readonly metadata: { readonly [key: string]: Json };
  /** The Markdown after the front matter: the instructions a process loads on activation. */
  readonly body: string;
}

/** A parse result; a failure names the front-matter field at fault (`(front matter)` for the block). */
export type SkillDocumentResult =
  | { readonly ok: true; readonly value: SkillDocument }
  | { readonly ok: false; readonly field: string; readonly reason: string };

const frontMatterSchema = z.looseObject({
  name: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .max(MAX_SKILL_NAME, SKILL_NAME_RULE)
    .regex(SKILL_NAME_PATTERN, SKILL_NAME_RULE),
  description: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_SKILL_DESCRIPTION, `must be at most ${MAX_SKILL_DESCRIPTION} characters`)
    .check((ctx) => {
      const hidden = findHiddenCharacter(ctx.value, { allowLineBreaks: true });
      if (hidden !== null)
        ctx.issues.push({ code: 'custom', input: ctx.value, message: `contains ${hidden}` });
    }),
});

/**
 * Splits SKILL.md into its front matter and body and checks the front matter: it must open the
 * file as a `---` block of YAML mapping with `name` (Agent Skills rule) and `description` (1–1024
 * characters, no control or invisible format characters but line breaks); other fields (`license`,
 * `allowed-tools`, `metadata`, a tool's own extensions) are kept as metadata, so existing Skills
 * register unchanged. Line endings may be LF or CRLF; a leading byte-order mark is ignored.
 * @example parseSkillMd('---\nname: changelog\ndescription: Writes changelogs.\n---\n# Steps\n')
 */
export function parseSkillMd(text: string): SkillDocumentResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trimEnd() !== '---')
    return bad('(front matter)', 'the file must begin with a --- line opening the front matter');
  const end = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (end < 0) return bad('(front matter)', 'the front matter has no closing --- line');
  let data: unknown;
  try {
    data = parse(lines.slice(1, end).join('\n')) as unknown;
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const what = (error.message.split('\n')[0] ?? 'syntax error').replace(/:$/, '');
    return bad('(front matter)', `not valid YAML: ${what}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return bad('(front matter)', 'must be a YAML mapping with name and description');
  const checked = frontMatterSchema.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue === undefined ? '(front matter)' : issue.path.map(String).join('.');
    return bad(field === '' ? '(front matter)' : field, issue?.message ?? 'is not valid');
  }
  const { name, description, ...rest } = checked.data;
  return {
    ok: true,
    value: {
      name,
      description,
      metadata: JSON.parse(JSON.stringify(rest)) as { [key: string]: Json },
      body: lines
        .slice(end + 1)
        .join('\n')
        .replace(/^\n+/, ''),
    },
  };
}

function bad(field: string, reason: string): SkillDocumentResult {
  return { ok: false, field, reason };
}
