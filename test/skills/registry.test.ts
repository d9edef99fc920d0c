// The Skill registry: a folder is snapshotted whole by content hash; later edits change nothing
// until it is registered again; bad folders are refused with the file and field named, storing nothing.
import { cp, mkdir, mkdtemp, rm, symlink, writeFile, link } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/base/hash.js';
import { skillSnapshotHash } from '../../src/kernel/skill/snapshot-hash.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

let t: TempRuntime;
let scratch: string;

beforeEach(async () => {
  t = await createTempRuntime();
  scratch = await mkdtemp(join(tmpdir(), 'agent-libos-skills-'));
});

afterEach(async () => {
  await t[Symbol.asyncDispose]();
  await rm(scratch, { recursive: true, force: true });
});

/** A copy of a fixture folder the test may edit. */
async function copyFixture(name: string): Promise<string> {
  const dir = join(scratch, name);
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

async function skillRows(): Promise<number> {
  return (await t.runtime.journal({ limit: 100, type: 'skill.registered' })).length;
}

describe('registering a Skill folder', () => {
  it('snapshots every regular file as a blob, with the snapshot hash, and journals it', async () => {
    const { skill, created } = await t.runtime.skills.register(join(FIXTURES, 'pdf-forms'));
    expect(created).toBe(true);
    expect(skill).toMatchObject({
      name: 'pdf-forms',
      version: 1,
      description:
        'Fill in PDF forms and check their fields. Use when the task involves a .pdf form, form fields or a filled copy of a form.',
      metadata: {
        license: 'Apache-2.0',
        'allowed-tools': 'Bash(python3:*) Read Write',
        metadata: { author: 'example-org', version: '1.3' },
      },
      registeredBy: 'operator',
      removedAt: null,
    });
    expect(skill.files.map((f) => f.path)).toEqual([
      'SKILL.md',
      'reference.md',
      'scripts/check_fields.py',
      'scripts/fill_form.py',
      'templates/values.json',
    ]);
    expect(skill.sha256).toBe(skillSnapshotHash(skill.files));
    const script = await t.runtime.skills.readFile('pdf-forms', 'scripts/fill_form.py');
    expect(sha256Hex(script.bytes)).toBe(script.file.sha256);
    expect(Buffer.from(script.bytes).toString('utf8')).toContain('update_page_form_field_values');
    expect(await t.runtime.journal({ limit: 10, type: 'skill.registered' })).toMatchObject([
      {
        actor: 'operator',
        data: { name: 'pdf-forms', version: 1, sha256: skill.sha256, files: 5, previous: null },
      },
    ]);
  });

  it('keeps the snapshot when the folder changes, and versions it only when registered again', async () => {
    const dir = await copyFixture('changelog');
    const first = await t.runtime.skills.register(dir);
    await writeFile(
      join(dir, 'SKILL.md'),
      '---\nname: changelog\ndescription: Edited.\n---\nNew body\n',
    );
    await writeFile(join(dir, 'templates', 'extra.md'), 'added later');
    const shown = await t.runtime.skills.show('changelog');
    expect(shown).toStrictEqual(first.skill);
    const text = Buffer.from((await t.runtime.skills.readFile('changelog')).bytes).toString();
    expect(text).toContain('Keep a Changelog');
    expect(text).not.toContain('New body');

    const second = await t.runtime.skills.register(dir);
    expect(second).toMatchObject({ created: true, skill: { version: 2, description: 'Edited.' } });
    expect(second.skill.sha256).not.toBe(first.skill.sha256);
    expect((await t.runtime.skills.show('changelog@1')).sha256).toBe(first.skill.sha256);
    expect(await t.runtime.skills.list()).toMatchObject([{ name: 'changelog', version: 2 }]);
  });

  it('registers nothing when the content is unchanged', async () => {
    const dir = await copyFixture('changelog');
    const first = await t.runtime.skills.register(dir);
    const again = await t.runtime.skills.register(dir);
    expect(again).toStrictEqual({ created: false, skill: first.skill });
    expect(await skillRows()).toBe(1);
  });

  it('skips .git folders: version-control data is never part of a Skill', async () => {
    const dir = await copyFixture('changelog');
    await mkdir(join(dir, '.git', 'objects'), { recursive: true });
    await writeFile(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const { skill } = await t.runtime.skills.register(dir);
    expect(skill.files.some((f) => f.path.includes('.git'))).toBe(false);
  });

  it('removes a Skill from the listing; registering the name again continues the versions', async () => {
    const dir = await copyFixture('changelog');
    await t.runtime.skills.register(dir);
    await t.runtime.skills.register(join(FIXTURES, 'pdf-forms'));
    // A version named is refused, not read as "every version".
    await expect(t.runtime.skills.remove('changelog@1')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect((await t.runtime.skills.list()).map((s) => s.name)).toEqual(['changelog', 'pdf-forms']);
    expect(await t.runtime.skills.remove('changelog')).toBe(1);
    expect((await t.runtime.skills.list()).map((s) => s.name)).toEqual(['pdf-forms']);
    await expect(t.runtime.skills.show('changelog')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.runtime.skills.readFile('changelog')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(t.runtime.skills.remove('changelog')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await t.runtime.skills.show('changelog@1')).toMatchObject({
      removedAt: expect.any(Number),
    });
    const again = await t.runtime.skills.register(dir);
    expect(again).toMatchObject({ created: true, skill: { version: 2, removedAt: null } });
    expect(await t.runtime.journal({ limit: 10, type: 'skill.removed' })).toMatchObject([
      { data: { name: 'changelog', version: 1 } },
    ]);
  });
});

describe('a folder that is not a Skill', () => {
  async function folder(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(scratch, 'skill-'));
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    return dir;
  }

  async function refused(dir: string): Promise<unknown> {
    const before = await t.runtime.skills.list();
    const error = await t.runtime.skills.register(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(await t.runtime.skills.list()).toEqual(before);
    expect(await skillRows()).toBe(0);
    return error;
  }

  it.each([
    [{ 'README.md': '# no skill' }, 'INVALID_INPUT', /has no SKILL\.md at its root/, undefined],
    [
      { 'SKILL.md': '# No front matter\n' },
      'INVALID_INPUT',
      /SKILL\.md front matter: \(front matter\)/,
      '(front matter)',
    ],
    [
      { 'SKILL.md': '---\ndescription: x\n---\n' },
      'INVALID_INPUT',
      /front matter: name: is required/,
      'name',
    ],
    [
      { 'SKILL.md': '---\nname: Bad_Name\ndescription: x\n---\n' },
      'INVALID_INPUT',
      /name: must be 1-64 lowercase/,
      'name',
    ],
    [
      { 'SKILL.md': '---\nname: ok\n---\n' },
      'INVALID_INPUT',
      /description: is required/,
      'description',
    ],
    [
      { 'SKILL.md': `---\nname: ok\ndescription: x\n---\n${'x'.repeat(200_000)}` },
      'OUT_OF_RANGE',
      /larger than 131072 bytes/,
      undefined,
    ],
  ])('refuses %j with %s naming the file and field', async (files, code, message, field) => {
    const error = await refused(await folder(files));
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
    if (field !== undefined) expect(error).toMatchObject({ details: { file: 'SKILL.md', field } });
  });

  it('refuses SKILL.md that is not UTF-8', async () => {
    const dir = await folder({});
    await writeFile(join(dir, 'SKILL.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe]));
    expect(await refused(dir)).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/SKILL\.md is not valid UTF-8/),
    });
  });

  it('refuses a symbolic link inside, whether it points in or out, and never reads its target', async () => {
    const secret = join(scratch, 'secret.txt');
    await writeFile(secret, 'TOP SECRET');
    const outward = await copyFixture('changelog');
    await symlink(secret, join(outward, 'templates', 'secret.md'));
    expect(await refused(outward)).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/templates\/secret\.md is a symbolic link/),
    });
    const inward = await folder({ 'SKILL.md': '---\nname: a\ndescription: b\n---\n' });
    await symlink('.', join(inward, 'loop'));
    expect(await refused(inward)).toMatchObject({
      message: expect.stringMatching(/loop is a symbolic link/),
    });
  });

  it('snapshots a hard-linked file by its bytes (a link out is content, not a path)', async () => {
    const dir = await copyFixture('changelog');
    const shared = join(scratch, 'shared.md');
    await writeFile(shared, 'shared text');
    await link(shared, join(dir, 'shared.md'));
    const { skill } = await t.runtime.skills.register(dir);
    expect(skill.files.find((f) => f.path === 'shared.md')).toMatchObject({
      sha256: sha256Hex('shared text'),
    });
  });

  it('refuses a missing folder, a file, and too many files', async () => {
    await expect(t.runtime.skills.register(join(scratch, 'absent'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const file = join(scratch, 'file.md');
    await writeFile(file, 'x');
    await expect(t.runtime.skills.register(file)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/not a folder/),
    });
    const many = await folder({ 'SKILL.md': '---\nname: many\ndescription: b\n---\n' });
    await mkdir(join(many, 'data'));
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) => writeFile(join(many, 'data', `${i}.txt`), '')),
    );
    expect(await refused(many)).toMatchObject({
      code: 'OUT_OF_RANGE',
      message: expect.stringMatching(/more than 1000 files/),
    });
  });

  it('refuses a file name with a hidden character', async () => {
    const dir = await folder({ 'SKILL.md': '---\nname: a\ndescription: b\n---\n' });
    await writeFile(join(dir, 'evil\u202Etxt.md'), 'x');
    expect(await refused(dir)).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/U\+202E/),
    });
  });
});

describe('Skills an image bundles, on exec', () => {
  it('are granted once when a process execs into the image, with process.exec authority', async () => {
    await using x = await createTempRuntime({
      body: async (ctx) => {
        const result = await ctx.syscall('process.exec', { imageId: 'release-writer' });
        if (!result.blocked) await ctx.syscall('process.exec', { imageId: 'release-writer' });
        await ctx.exit(null);
      },
    });
    await x.runtime.registerImage({
      id: 'release-writer',
      version: 1,
      description: 'Writes release notes.',
      systemPrompt: 'You write release notes.',
      tools: ['skill_activate', 'exit'],
      requirements: [],
      defaultBudget: { quanta: 5 },
      defaultModel: null,
      skills: ['changelog'],
    });
    const p = await x.runtime.spawn({ imageId: 'base', goal: 'Become a writer' });
    expect(
      (await x.runtime.capabilities({ subject: p.pid })).some((c) => c.resource.kind === 'skill'),
    ).toBe(false);
    await x.runtime.grant({ subject: p.pid, resource: 'image:release-writer', rights: 'exec' });
    await x.runtime.run();
    const skills = (await x.runtime.capabilities({ subject: p.pid })).filter(
      (c) => c.resource.kind === 'skill',
    );
    expect(skills).toMatchObject([
      { resource: { path: 'changelog' }, rights: ['read', 'activate'], issuedBy: 'runtime' },
    ]);
  });

  it('refuses an image naming a Skill by something that is not a Skill name', async () => {
    await expect(
      t.runtime.registerImage({
        id: 'odd',
        version: 1,
        description: 'x',
        systemPrompt: 'x',
        tools: ['exit'],
        requirements: [],
        defaultBudget: {},
        defaultModel: null,
        skills: ['../etc'],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'skills' } });
  });
});
