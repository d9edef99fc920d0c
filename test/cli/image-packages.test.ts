// `agent-libos image load|list|show`: an image package (IMAGE.yaml, a prompt file, Skill folders)
// becomes an image version an agent runs; a bad package names the file and field and leaves
// nothing behind; a file outside the package is never read.
import { existsSync } from 'node:fs';
import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AgentImage } from '../../src/kernel/agent/types.js';
import { openRuntime } from '../../src/open-runtime.js';
import { stateDirectoryOf } from '../../src/runtime/reserved-paths.js';
import { startServer } from '../../src/server/start-server.js';
import { startLoopbackServer, type RecordedRequest } from '../models/loopback-server.js';
import { runJson, type RunJson } from './agent-fixture.js';
import { countRows, createTempWorkspace, runCli } from './cli-harness.js';

const KEY = { OPENAI_API_KEY: 'sk-image-packages-test' };
const PROMPT =
  'You are the reviewer from prompt.md.\nRead what you are given; call exit when done.\n';
const SECRET = 'TOP-SECRET-OUTSIDE-THE-PACKAGE';

const IMAGE_YAML = `id: reviewer
version: 1
description: Reads files and reports.
promptFile: prompt.md
tools: [read_file, list_dir, exit]
defaultModel: null
requirements:
  - { resource: 'fs:**', rights: [read], why: reads the code }
defaultBudget: { quanta: 20 }
skills: [skills/review]
`;

/** Writes `files` (path → text) under `dir`, making folders as needed. */
async function writeFiles(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

/** A good package in `<ws>/<name>`: IMAGE.yaml (with `yaml` replacing it when given). */
async function writePackage(ws: string, name: string, yaml = IMAGE_YAML): Promise<string> {
  const dir = join(ws, name);
  await writeFiles(dir, {
    'IMAGE.yaml': yaml,
    'prompt.md': PROMPT,
    'skills/review/SKILL.md': '---\nname: review\ndescription: How to review.\n---\nReview.\n',
  });
  return dir;
}

function imageRows(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare<[], number>('SELECT count(*) FROM images').pluck().get() ?? 0;
  } finally {
    db.close();
  }
}

/** The system prompt a Chat Completions request carried. */
function systemOf(request: RecordedRequest | undefined): string {
  const body = request?.body as { messages: { role: string; content: string }[] };
  return body.messages.find((m) => m.role === 'system')?.content ?? '';
}

function exitReply(): { status: number; json: unknown } {
  return {
    status: 200,
    json: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'test',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_exit',
                type: 'function',
                function: { name: 'exit', arguments: '{"result":"reviewed"}' },
              },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    },
  };
}

describe('agent-libos image load, list and show', () => {
  it('loads a package, lists and shows it, and runs an agent on the prompt file it holds', async () => {
    await using ws = await createTempWorkspace();
    await using server = await startLoopbackServer(exitReply);
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    await writePackage(ws.dir, 'pkg');

    const loaded = await runCli(['image', 'load', 'pkg'], { cwd: ws.dir });
    expect(loaded).toEqual({
      code: 0,
      stdout:
        'loaded reviewer@1: 3 tools, 1 skill; run it with --image reviewer (agents already running stay on their version)\n',
      stderr: '',
    });
    const again = await runJson<{ status: string; image: AgentImage; skillDirs: string[] }>(
      ['images', 'load', join(ws.dir, 'pkg')],
      { cwd: ws.dir },
    );
    expect(again.out).toEqual({
      status: 'unchanged',
      image: {
        id: 'reviewer',
        version: 1,
        description: 'Reads files and reports.',
        systemPrompt: PROMPT,
        tools: ['read_file', 'list_dir', 'exit'],
        requirements: [{ resource: 'fs:**', rights: ['read'], why: 'reads the code' }],
        defaultBudget: { quanta: 20 },
        defaultModel: null,
        skills: ['review'],
      },
      skillDirs: [join(await realpath(ws.dir), 'pkg', 'skills', 'review')],
    });

    const list = await runCli(['image', 'list'], { cwd: ws.dir });
    expect(list.stdout).toMatch(
      /\nreviewer\s+1\s+registered\s+3\s+-\s+Reads files and reports\.\n$/,
    );
    const shown = await runCli(['image', 'show', 'reviewer'], { cwd: ws.dir });
    expect(shown.stdout).toBe(
      [
        'reviewer@1 (registered)',
        'versions      1 (this is the newest)',
        'description   Reads files and reports.',
        'model         -',
        'budget        quanta 20',
        'tools         read_file, list_dir, exit',
        'requirements',
        '  fs:** read: reads the code',
        'skills        review',
        'system prompt',
        '  │ You are the reviewer from prompt.md.',
        '  │ Read what you are given; call exit when done.',
        '  │',
        '',
      ].join('\n'),
    );
    const json = await runJson<AgentImage & { source: string; versions: number[] }>(
      ['image', 'show', 'reviewer@1'],
      { cwd: ws.dir },
    );
    expect(json.out).toMatchObject({ id: 'reviewer', source: 'registered', versions: [1] });
    const builtin = await runJson<{ source: string; versions: number[] }>(
      ['image', 'show', 'base'],
      { cwd: ws.dir },
    );
    expect(builtin.out).toMatchObject({ source: 'built-in', versions: [1, 2] });

    const { out: run } = await runJson<RunJson>(
      [
        'run',
        '--image',
        'reviewer',
        '--goal',
        'Review',
        '--model',
        'openai-chat:test',
        '--base-url',
        server.url,
      ],
      { cwd: ws.dir, env: KEY },
    );
    expect(run.processes[0]).toMatchObject({
      imageId: 'reviewer',
      imageVersion: 1,
      state: { kind: 'exited', result: 'reviewed' },
    });
    expect(systemOf(server.requests[0])).toContain(PROMPT.trim());
  });

  it('keeps a spawned agent on its version when a new one is loaded, until resume --image-version', async () => {
    await using ws = await createTempWorkspace();
    await using server = await startLoopbackServer(exitReply);
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    await writePackage(ws.dir, 'v1');
    expect((await runCli(['image', 'load', 'v1'], { cwd: ws.dir })).code).toBe(0);
    const model = ['--model', 'openai-chat:test', '--base-url', server.url];
    const spawn = async (extra: string[]): Promise<string> => {
      const run = await runCli(
        ['spawn', '--image', 'reviewer', '--goal', 'Review', ...model, ...extra],
        {
          cwd: ws.dir,
          env: KEY,
        },
      );
      expect(run.stderr).toBe('');
      return run.stdout.trim();
    };
    const first = await spawn([]);
    const second = await spawn([]);
    const v2 = await writePackage(
      ws.dir,
      'v2',
      IMAGE_YAML.replace('version: 1', 'version: 2').replace(
        'promptFile: prompt.md',
        'systemPrompt: PROMPT OF VERSION TWO',
      ),
    );
    expect((await runCli(['image', 'load', v2], { cwd: ws.dir })).stdout).toMatch(
      /^loaded reviewer@2:/,
    );
    const third = await spawn(['--image-version', '1']);
    const fourth = await spawn([]);
    const ps = await runCli(['ps'], { cwd: ws.dir });
    for (const [pid, ref] of [
      [first, 'reviewer@1'],
      [second, 'reviewer@1'],
      [third, 'reviewer@1'],
      [fourth, 'reviewer@2'],
    ] as const)
      expect(ps.stdout).toMatch(new RegExp(`^${pid}\\s.*\\s${ref}\\s`, 'm'));

    const resumeArgs = ['resume', '--base-url', server.url];
    const refused = await runCli([...resumeArgs, '--image-version', '2'], {
      cwd: ws.dir,
      env: KEY,
    });
    expect(refused.stderr).toMatch(
      /^error INVALID_INPUT: .*--image-version moves one process: name it with --pid/,
    );
    const moved = await runJson<RunJson & { imageChange: unknown }>(
      [...resumeArgs, '--pid', second, '--image-version', '2'],
      { cwd: ws.dir, env: KEY },
    );
    expect(moved.out.imageChange).toEqual({ pid: second, from: 'reviewer@1', to: 'reviewer@2' });
    expect(systemOf(server.requests[0])).toContain('PROMPT OF VERSION TWO');
    await runJson<RunJson>(resumeArgs, { cwd: ws.dir, env: KEY });
    // The rest ran as they were spawned: first and third on v1, fourth on v2.
    const prompts = server.requests
      .slice(1)
      .map((r) => systemOf(r).includes('PROMPT OF VERSION TWO'));
    expect(prompts.sort()).toEqual([false, false, true]);
    const { out } = await runJson<{ pid: string; imageVersion: number }[]>(['ps'], { cwd: ws.dir });
    expect(Object.fromEntries(out.map((p) => [p.pid, p.imageVersion]))).toEqual({
      [first]: 1,
      [second]: 2,
      [third]: 1,
      [fourth]: 2,
    });
  });

  it('loads through the live runtime while one owns the database, and running agents stay put', async () => {
    await using ws = await createTempWorkspace();
    // The live API registers images, not Skill folders of its host: a package without Skills.
    const withoutSkills = IMAGE_YAML.replace('skills: [skills/review]\n', '');
    await writePackage(ws.dir, 'v1', withoutSkills);
    const v2 = await writePackage(
      ws.dir,
      'v2',
      withoutSkills
        .replace('version: 1', 'version: 2')
        .replace('[read_file, list_dir, exit]', '[exit]'),
    );
    const bundled = await writePackage(
      ws.dir,
      'bundled',
      IMAGE_YAML.replace('version: 1', 'version: 3'),
    );
    const runtime = await openRuntime({ workspace: ws.dir, body: async () => {} });
    const server = await startServer(runtime, {
      stateDirectory: stateDirectoryOf(ws.dbPath),
      dbPath: ws.dbPath,
      version: 'test',
    });
    try {
      expect((await runCli(['image', 'load', 'v1'], { cwd: ws.dir })).stdout).toMatch(
        /^loaded reviewer@1:/,
      );
      const p = await runtime.spawn({ imageId: 'reviewer', goal: 'Review' });
      const loaded = await runCli(['image', 'load', v2], { cwd: ws.dir });
      expect(loaded.stderr).toBe('');
      expect(loaded.stdout).toMatch(/^loaded reviewer@2: 1 tool, 0 skills;/);
      expect((await runtime.image('reviewer')).tools).toEqual(['exit']);
      expect(await runtime.get(p.pid)).toMatchObject({ imageVersion: 1 });
      // A package with Skills is refused while the runtime is live, and nothing is registered.
      const refused = await runCli(['image', 'load', bundled], { cwd: ws.dir });
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/STORE_LOCKED.*bundles Skills.*stop the runtime/);
      expect((await runtime.image('reviewer')).version).toBe(2);
      expect(await runtime.skills.list()).toEqual([]);
    } finally {
      await server.close();
      await runtime.close();
    }
  });

  it('refuses another package at a loaded version and a built-in id, naming the field', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    await writePackage(ws.dir, 'pkg');
    expect((await runCli(['image', 'load', 'pkg'], { cwd: ws.dir })).code).toBe(0);
    const changed = await writePackage(
      ws.dir,
      'changed',
      IMAGE_YAML.replace('Reads files and reports.', 'Something else.'),
    );
    const taken = await runCli(['image', 'load', changed, '--json'], { cwd: ws.dir });
    expect(taken.code).toBe(3);
    expect(JSON.parse(taken.stdout)).toMatchObject({
      error: { code: 'ALREADY_EXISTS', details: { file: 'IMAGE.yaml', field: 'version' } },
    });
    const base = await writePackage(ws.dir, 'base', IMAGE_YAML.replace('id: reviewer', 'id: base'));
    const builtin = await runCli(['image', 'load', base], { cwd: ws.dir });
    expect(builtin.stderr).toMatch(
      /^error ALREADY_EXISTS: .*IMAGE\.yaml: id: "base" is a built-in image/,
    );
    expect(imageRows(ws.dbPath)).toBe(1);
  });
});

/** How a package is made wrong, what the error says, and which field it names. */
interface BadCase {
  readonly name: string;
  /** Replaces text in IMAGE.yaml. */
  readonly edit?: (yaml: string) => string;
  /** Changes the package folder after it is written. */
  readonly arrange?: (pkg: string, ws: string) => Promise<void>;
  readonly code?: string;
  readonly field?: string;
  readonly message: RegExp;
}

const BAD: readonly BadCase[] = [
  {
    name: 'an unknown tool',
    edit: (y) => y.replace('[read_file, list_dir, exit]', '[read_file, exit, foo]'),
    field: 'tools[2]',
    message: /IMAGE\.yaml: tools\[2\]: unknown tool "foo"/,
  },
  {
    name: 'a tool listed twice',
    edit: (y) => y.replace('[read_file, list_dir, exit]', '[exit, read_file, exit]'),
    field: 'tools[2]',
    message: /IMAGE\.yaml: tools\[2\]: "exit" is listed twice/,
  },
  {
    name: 'a bad id',
    edit: (y) => y.replace('id: reviewer', 'id: Re_viewer'),
    field: 'id',
    message: /IMAGE\.yaml: id: an image id is 1–63 lowercase letters/,
  },
  {
    name: 'version 0',
    edit: (y) => y.replace('version: 1', 'version: 0'),
    field: 'version',
    message: /IMAGE\.yaml: version: /,
  },
  {
    name: 'a missing description',
    edit: (y) => y.replace('description: Reads files and reports.\n', ''),
    field: 'description',
    message: /IMAGE\.yaml: description: required/,
  },
  {
    name: 'an unknown field',
    edit: (y) => `${y}colour: blue\n`,
    field: 'colour',
    message: /IMAGE\.yaml: colour: unknown field/,
  },
  {
    name: 'both a prompt and a prompt file',
    edit: (y) => `${y}systemPrompt: inline\n`,
    field: 'promptFile',
    message: /IMAGE\.yaml: promptFile: give systemPrompt or promptFile, not both/,
  },
  {
    name: 'no prompt at all',
    edit: (y) => y.replace('promptFile: prompt.md\n', ''),
    field: 'systemPrompt',
    message: /IMAGE\.yaml: systemPrompt: give the prompt as systemPrompt or as promptFile/,
  },
  {
    name: 'a requirement of an unknown kind',
    edit: (y) => y.replace("'fs:**'", "'disk:**'"),
    field: 'requirements[0].resource',
    message: /IMAGE\.yaml: requirements\[0\]\.resource: unknown resource kind "disk"/,
  },
  {
    name: 'a requirement with a right its kind lacks',
    edit: (y) => y.replace('rights: [read]', 'rights: [execute]'),
    field: 'requirements[0].rights',
    message: /IMAGE\.yaml: requirements\[0\]\.rights: "execute" is not a right of fs/,
  },
  {
    name: 'a default model without a provider',
    edit: (y) => y.replace('defaultModel: null', 'defaultModel: gpt'),
    field: 'defaultModel',
    message: /IMAGE\.yaml: defaultModel: /,
  },
  {
    name: 'a prompt file that climbs out',
    edit: (y) => y.replace('promptFile: prompt.md', 'promptFile: ../secret.txt'),
    field: 'promptFile',
    message: /IMAGE\.yaml: promptFile: "\.\.\/secret\.txt" leaves the package/,
  },
  {
    name: 'a prompt file by absolute path',
    edit: (y) => y.replace('promptFile: prompt.md', 'promptFile: /etc/passwd'),
    field: 'promptFile',
    message: /IMAGE\.yaml: promptFile: "\/etc\/passwd" leaves the package/,
  },
  {
    name: 'a prompt file that climbs out after going in',
    edit: (y) => y.replace('promptFile: prompt.md', 'promptFile: skills/../../secret.txt'),
    field: 'promptFile',
    message: /leaves the package/,
  },
  {
    name: 'a prompt file that is a link out',
    arrange: async (pkg, ws) => {
      await symlink(join(ws, 'secret.txt'), join(pkg, 'linked.md'));
    },
    edit: (y) => y.replace('promptFile: prompt.md', 'promptFile: linked.md'),
    field: 'promptFile',
    message: /IMAGE\.yaml: promptFile: "linked\.md" is a symbolic link/,
  },
  {
    name: 'a prompt file in a folder that is a link out',
    arrange: async (pkg, ws) => {
      await mkdir(join(ws, 'elsewhere'));
      await writeFile(join(ws, 'elsewhere', 'prompt.md'), SECRET);
      await symlink(join(ws, 'elsewhere'), join(pkg, 'docs'));
    },
    edit: (y) => y.replace('promptFile: prompt.md', 'promptFile: docs/prompt.md'),
    field: 'promptFile',
    message: /IMAGE\.yaml: promptFile: "docs\/prompt\.md" passes through a symbolic link/,
  },
  {
    name: 'a missing prompt file',
    edit: (y) => y.replace('promptFile: prompt.md', 'promptFile: nope.md'),
    field: 'promptFile',
    message: /IMAGE\.yaml: promptFile: "nope\.md" does not exist/,
  },
  {
    name: 'an empty prompt file',
    arrange: (pkg) => writeFile(join(pkg, 'prompt.md'), '  \n'),
    field: 'promptFile',
    message: /IMAGE\.yaml: promptFile: "prompt\.md" is empty/,
  },
  {
    name: 'a prompt file that is not UTF-8',
    arrange: (pkg) => writeFile(join(pkg, 'prompt.md'), Buffer.from([0xff, 0xfe, 0x00])),
    field: 'promptFile',
    message: /IMAGE\.yaml: promptFile: "prompt\.md" is not valid UTF-8/,
  },
  {
    name: 'a Skill folder without SKILL.md',
    arrange: async (pkg) => {
      await mkdir(join(pkg, 'skills', 'empty'));
    },
    edit: (y) => y.replace('skills: [skills/review]', 'skills: [skills/review, skills/empty]'),
    field: 'skills[1]',
    message: /IMAGE\.yaml: skills\[1\]: "skills\/empty" has no SKILL\.md/,
  },
  {
    name: 'a Skill folder outside the package',
    edit: (y) => y.replace('skills: [skills/review]', 'skills: [../elsewhere]'),
    field: 'skills[0]',
    message: /IMAGE\.yaml: skills\[0\]: "\.\.\/elsewhere" leaves the package/,
  },
  {
    name: 'a Skill folder that is a link out',
    arrange: async (pkg, ws) => {
      await mkdir(join(ws, 'outside-skill'));
      await writeFile(join(ws, 'outside-skill', 'SKILL.md'), SECRET);
      await symlink(join(ws, 'outside-skill'), join(pkg, 'skills', 'linked'));
    },
    edit: (y) => y.replace('skills: [skills/review]', 'skills: [skills/linked]'),
    field: 'skills[0]',
    message: /IMAGE\.yaml: skills\[0\]: "skills\/linked" is a symbolic link/,
  },
  {
    name: 'a SKILL.md that is a link',
    arrange: async (pkg, ws) => {
      await mkdir(join(pkg, 'skills', 'sneaky'));
      await symlink(join(ws, 'secret.txt'), join(pkg, 'skills', 'sneaky', 'SKILL.md'));
    },
    edit: (y) => y.replace('skills: [skills/review]', 'skills: [skills/sneaky]'),
    field: 'skills[0]',
    message: /IMAGE\.yaml: skills\[0\]: "skills\/sneaky\/SKILL\.md" is a symbolic link/,
  },
  {
    name: 'a Skill folder whose name is not a Skill name',
    arrange: (pkg) => writeFiles(pkg, { 'skills/Bad_Name/SKILL.md': 'x' }),
    edit: (y) => y.replace('skills: [skills/review]', 'skills: [skills/Bad_Name]'),
    field: 'skills[0]',
    message: /IMAGE\.yaml: skills\[0\]: the folder name "Bad_Name" is not a Skill name/,
  },
  {
    name: 'two Skill folders of one name',
    arrange: (pkg) => writeFiles(pkg, { 'more/review/SKILL.md': 'x' }),
    edit: (y) => y.replace('skills: [skills/review]', 'skills: [skills/review, more/review]'),
    field: 'skills[1]',
    message: /IMAGE\.yaml: skills\[1\]: a Skill named "review" is already listed/,
  },
  {
    name: 'the package itself as a Skill',
    edit: (y) => y.replace('skills: [skills/review]', 'skills: [.]'),
    field: 'skills[0]',
    message: /IMAGE\.yaml: skills\[0\]: a Skill is a folder inside the package/,
  },
  {
    name: 'IMAGE.yaml that is not YAML',
    edit: () => 'id: [unclosed\n',
    message: /IMAGE\.yaml: not valid YAML: /,
  },
  {
    name: 'IMAGE.yaml that is a link out',
    arrange: async (pkg, ws) => {
      await writeFile(join(ws, 'other.yaml'), IMAGE_YAML);
      const { rm } = await import('node:fs/promises');
      await rm(join(pkg, 'IMAGE.yaml'));
      await symlink(join(ws, 'other.yaml'), join(pkg, 'IMAGE.yaml'));
    },
    message: /IMAGE\.yaml: is a symbolic link/,
  },
  {
    name: 'a package without IMAGE.yaml',
    arrange: async (pkg) => {
      const { rm } = await import('node:fs/promises');
      await rm(join(pkg, 'IMAGE.yaml'));
    },
    code: 'NOT_FOUND',
    message: /IMAGE\.yaml: the package has no such file/,
  },
];

describe('agent-libos image load with a bad package', () => {
  it.each(BAD)('refuses $name, naming the file and field, registering nothing', async (bad) => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    await writeFile(join(ws.dir, 'secret.txt'), SECRET);
    const pkg = await writePackage(ws.dir, 'pkg', (bad.edit ?? ((y) => y))(IMAGE_YAML));
    await bad.arrange?.(pkg, ws.dir);
    const before = countRows(ws.dbPath);

    const run = await runCli(['image', 'load', 'pkg', '--json'], { cwd: ws.dir });
    const { error } = JSON.parse(run.stdout) as {
      error: { code: string; message: string; details: Record<string, unknown> };
    };
    expect(error.code).toBe(bad.code ?? 'INVALID_INPUT');
    expect(error.message).toMatch(/^Loading image package "pkg" failed: /);
    expect(error.message).toMatch(bad.message);
    expect(error.details).toMatchObject({
      file: 'IMAGE.yaml',
      ...(bad.field === undefined ? {} : { field: bad.field }),
    });
    // Nothing outside the package was read into the message, and no host path is named.
    expect(run.stdout).not.toContain(SECRET);
    expect(run.stdout).not.toContain(ws.dir);
    expect(countRows(ws.dbPath)).toEqual(before);
    expect(imageRows(ws.dbPath)).toBe(0);
  });

  it('reads nothing outside the package through .., an absolute path or a symbolic link', async () => {
    await using ws = await createTempWorkspace();
    const secret = join(ws.dir, 'secret.md');
    await writeFile(secret, SECRET);
    const pkg = await writePackage(ws.dir, 'pkg');
    await symlink(secret, join(pkg, 'link.md'));
    await symlink(ws.dir, join(pkg, 'up'));
    for (const promptFile of [
      '../secret.md',
      secret,
      'link.md',
      'up/secret.md',
      'up/pkg/prompt.md',
    ]) {
      const yaml = IMAGE_YAML.replace('promptFile: prompt.md', `promptFile: '${promptFile}'`);
      await writeFile(join(pkg, 'IMAGE.yaml'), yaml);
      const run = await runCli(['image', 'load', 'pkg', '--json'], { cwd: ws.dir });
      expect(run.code, promptFile).toBe(2);
      expect(JSON.parse(run.stdout)).toMatchObject({
        error: { code: 'INVALID_INPUT', details: { file: 'IMAGE.yaml', field: 'promptFile' } },
      });
      expect(run.stdout).not.toContain(SECRET);
    }
    expect(existsSync(ws.dbPath)).toBe(false);
  });

  it('lists several problems at once, each with its field', async () => {
    await using ws = await createTempWorkspace();
    await writePackage(
      ws.dir,
      'pkg',
      IMAGE_YAML.replace('version: 1', 'version: -1').replace('list_dir', 'teleport'),
    );
    const run = await runCli(['image', 'load', 'pkg'], { cwd: ws.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /IMAGE\.yaml: version: .*; IMAGE\.yaml: tools\[1\]: unknown tool "teleport"/,
    );
  });

  it('refuses a folder that does not exist, a file, and a malformed image reference to show', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    await writeFile(join(ws.dir, 'file.yaml'), IMAGE_YAML);
    const missing = await runCli(['image', 'load', 'nope'], { cwd: ws.dir });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe(
      'error NOT_FOUND: Loading image package "nope" failed: no such folder\n',
    );
    const file = await runCli(['image', 'load', 'file.yaml'], { cwd: ws.dir });
    expect(file.stderr).toMatch(
      /^error INVALID_INPUT: Loading image package "file\.yaml" failed: not a folder/,
    );
    const show = await runCli(['image', 'show', 'reviewer@x'], { cwd: ws.dir });
    expect(show.stderr).toMatch(
      /^error INVALID_INPUT: Showing image "reviewer@x" failed: "x" is not an image version/,
    );
    const unknown = await runCli(['image', 'show', 'reviewer'], { cwd: ws.dir });
    expect(unknown.stderr).toBe(
      'error NOT_FOUND: Loading image "reviewer" failed: no image reviewer\n',
    );
  });
});
