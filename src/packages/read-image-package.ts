// Reading an image package: a folder with IMAGE.yaml, an optional prompt file and Skill folders.
import { stat, realpath } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { z } from 'zod';
import { decodeUtf8 } from '../base/decode-utf8.js';
import { isLibosError, LibosError } from '../base/errors.js';
import type { AgentImage } from '../kernel/agent/types.js';
import type { Budget } from '../kernel/budget/types.js';
import { formatIssuePath } from '../models/shared/format-issue-path.js';
import { parseYamlText } from '../models/shared/parse-yaml-text.js';
import { isSkillName } from '../kernel/skill/skill-name.js';
import { parseSkillMd } from '../kernel/skill/parse-skill-md.js';
import { SKILL_LIMITS } from '../kernel/skill/types.js';
import { imagePackageSchema, type ImagePackageSpec } from './image-package-schema.js';
import { locateEntry, readEntry } from './package-entry.js';
import { packageError, type PackageProblem } from './package-error.js';

/** The file every image package holds. */
export const IMAGE_FILE = 'IMAGE.yaml';

const MAX_IMAGE_FILE_BYTES = 1024 * 1024;
const MAX_PROMPT_CHARACTERS = 100_000;
const SKILL_FILE = 'SKILL.md';

/** An image package as read: the image version it defines and where its Skills are. */
export interface ImagePackage {
  /** The package folder (its real path). */
  readonly dir: string;
  /** The image, with the prompt file's text as its system prompt. */
  readonly image: AgentImage;
  /** Absolute real paths of its Skill folders, in the order IMAGE.yaml lists them. */
  readonly skillDirs: readonly string[];
}

/**
 * Reads and checks the image package in folder `dir` (relative to `options.cwd`): IMAGE.yaml is
 * parsed and validated, the prompt file and every Skill folder (with its SKILL.md) are found
 * inside the package with no symbolic link on the way and nothing outside it reached. Reads only:
 * nothing is registered. Every problem names the file and the field (`IMAGE.yaml: tools[2]:
 * unknown tool "foo"`); messages name the package as given, never a resolved host path.
 * @throws NOT_FOUND (no such folder, no IMAGE.yaml), INVALID_INPUT (not a folder; bad YAML; a bad
 *   field, prompt file or Skill folder)
 * @example
 * const { image, skillDirs } = await readImagePackage('packages/reviewer');
 */
export async function readImagePackage(
  dir: string,
  options: { cwd?: string } = {},
): Promise<ImagePackage> {
  const shown = dir;
  const root = await packageRoot(resolve(options.cwd ?? '.', dir), shown);
  const fail = (problems: readonly PackageProblem[]): LibosError =>
    packageError('INVALID_INPUT', { shown, problems });
  const bytes = await readEntry(root, IMAGE_FILE, { maxBytes: MAX_IMAGE_FILE_BYTES });
  if (!bytes.ok) {
    if (bytes.problem === 'does not exist')
      throw packageError('NOT_FOUND', {
        shown,
        problems: [{ file: IMAGE_FILE, field: null, message: 'the package has no such file' }],
      });
    throw fail([{ file: IMAGE_FILE, field: null, message: bytes.problem }]);
  }
  const text = decodeUtf8(bytes.value);
  if (text === null) throw fail([{ file: IMAGE_FILE, field: null, message: 'not valid UTF-8' }]);
  let contents: unknown;
  try {
    contents = parseYamlText(text, { attempted: 'Reading' });
  } catch (error) {
    if (!isLibosError(error, 'INVALID_INPUT')) throw error;
    throw fail([
      {
        file: IMAGE_FILE,
        field: null,
        message: error.message.replace(/^Reading failed: /, ''),
      },
    ]);
  }
  const parsed = imagePackageSchema.safeParse(contents);
  if (!parsed.success) throw fail(issueProblems(parsed.error.issues));
  const spec = parsed.data;
  const problems: PackageProblem[] = [];
  const systemPrompt = spec.systemPrompt ?? (await readPrompt(root, spec, problems));
  const skills = await findSkills(root, spec.skills ?? [], problems);
  if (problems.length > 0) throw fail(problems);
  const image: AgentImage = {
    id: spec.id,
    version: spec.version,
    description: spec.description,
    systemPrompt: systemPrompt ?? '',
    tools: spec.tools,
    requirements: (spec.requirements ?? []).map((r) => ({ ...r })),
    defaultBudget: { ...spec.defaultBudget } as Budget,
    defaultModel: spec.defaultModel ?? null,
    ...(skills.length === 0 ? {} : { skills: skills.map((s) => s.name) }),
  };
  return { dir: root, image, skillDirs: skills.map((s) => s.dir) };
}

/** The real path of the package folder. */
async function packageRoot(path: string, shown: string): Promise<string> {
  try {
    const root = await realpath(path);
    if ((await stat(root)).isDirectory()) return root;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new LibosError(
        'NOT_FOUND',
        `Loading image package ${JSON.stringify(shown)} failed: no such folder`,
      );
    throw new LibosError(
      'INVALID_INPUT',
      `Loading image package ${JSON.stringify(shown)} failed: the folder cannot be read`,
    );
  }
  throw new LibosError(
    'INVALID_INPUT',
    `Loading image package ${JSON.stringify(shown)} failed: not a folder (an image package is a folder holding ${IMAGE_FILE})`,
  );
}

/** The prompt file's text, or undefined with a problem recorded. */
async function readPrompt(
  root: string,
  spec: ImagePackageSpec,
  problems: PackageProblem[],
): Promise<string | undefined> {
  const file = spec.promptFile;
  if (file === undefined) return undefined;
  const read = await promptText(root, file);
  if (read.ok) return read.text;
  problems.push({ file: IMAGE_FILE, field: 'promptFile', message: read.problem });
  return undefined;
}

async function promptText(
  root: string,
  file: string,
): Promise<{ ok: true; text: string } | { ok: false; problem: string }> {
  const shown = JSON.stringify(file);
  // Four bytes per character at most: a larger file cannot be a prompt the schema accepts.
  const bytes = await readEntry(root, file, { maxBytes: MAX_PROMPT_CHARACTERS * 4 });
  if (!bytes.ok) return { ok: false, problem: `${shown} ${bytes.problem}` };
  const text = decodeUtf8(bytes.value);
  if (text === null) return { ok: false, problem: `${shown} is not valid UTF-8` };
  if (text.trim() === '') return { ok: false, problem: `${shown} is empty` };
  if (text.length > MAX_PROMPT_CHARACTERS)
    return {
      ok: false,
      problem: `${shown} is longer than ${MAX_PROMPT_CHARACTERS} characters`,
    };
  return { ok: true, text };
}

/**
 * Each listed Skill folder (inside, a folder, with a SKILL.md file whose front matter is valid and
 * names the folder), named by its folder.
 */
async function findSkills(
  root: string,
  listed: readonly string[],
  problems: PackageProblem[],
): Promise<{ name: string; dir: string }[]> {
  const found: { name: string; dir: string }[] = [];
  const names = new Set<string>();
  for (const [index, folder] of listed.entries()) {
    const problem = (message: string): void => {
      problems.push({ file: IMAGE_FILE, field: `skills[${index}]`, message });
    };
    const located = await locateEntry(root, folder, { kind: 'folder' });
    if (!located.ok) {
      problem(`${JSON.stringify(folder)} ${located.problem}`);
      continue;
    }
    if (located.value.normal === '.') {
      problem('a Skill is a folder inside the package, not the package itself');
      continue;
    }
    const name = basename(located.value.normal);
    if (!isSkillName(name)) {
      problem(
        `the folder name ${JSON.stringify(name)} is not a Skill name (lowercase letters and digits in dash-separated words)`,
      );
      continue;
    }
    if (names.has(name)) {
      problem(`a Skill named ${JSON.stringify(name)} is already listed`);
      continue;
    }
    const skillFile = await locateEntry(root, `${located.value.normal}/${SKILL_FILE}`, {
      kind: 'file',
    });
    if (!skillFile.ok) {
      problem(
        skillFile.problem === 'does not exist'
          ? `${JSON.stringify(folder)} has no ${SKILL_FILE}`
          : `${JSON.stringify(`${located.value.normal}/${SKILL_FILE}`)} ${skillFile.problem}`,
      );
      continue;
    }
    const shownFile = `${located.value.normal}/${SKILL_FILE}`;
    const bytes = await readEntry(root, shownFile, { maxBytes: SKILL_LIMITS.maxSkillFileBytes });
    const text = bytes.ok ? decodeUtf8(bytes.value) : null;
    if (text === null) {
      problem(`${JSON.stringify(shownFile)} ${bytes.ok ? 'is not valid UTF-8' : bytes.problem}`);
      continue;
    }
    const parsed = parseSkillMd(text);
    if (!parsed.ok) {
      problem(`${shownFile}: ${parsed.field}: ${parsed.reason}`);
      continue;
    }
    if (parsed.value.name !== name) {
      problem(
        `${shownFile} names the Skill ${JSON.stringify(parsed.value.name)}: it must be the folder's name, ${JSON.stringify(name)}`,
      );
      continue;
    }
    names.add(name);
    found.push({ name, dir: located.value.path });
  }
  return found;
}

/** Zod issues as problems naming IMAGE.yaml and the field; an unknown key names itself. */
function issueProblems(issues: readonly z.core.$ZodIssue[]): PackageProblem[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          file: IMAGE_FILE,
          field: formatIssuePath([...issue.path, key]),
          message: 'unknown field',
        }))
      : [
          {
            file: IMAGE_FILE,
            field: formatIssuePath(issue.path),
            // A missing field reads `received undefined`: say what it means.
            message: /received undefined$/.test(issue.message) ? 'required' : issue.message,
          },
        ],
  );
}
