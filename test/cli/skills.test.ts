// `agent-libos skills add|list|show|rm`: registering Skill folders from the command line, bad
// SKILL.md refused naming file and field, and a run whose agent activates a granted Skill.
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import type { Skill } from '../../src/kernel/skill/types.js';
import { runJson, writeScript, type RunJson } from './agent-fixture.js';
import { countRows, createTempWorkspace, runCli } from './cli-harness.js';

const FIXTURES = fileURLToPath(new URL('../skills/fixtures/', import.meta.url));

describe('agent-libos skills', () => {
  it('adds a folder, lists it, shows it and a file of it, and removes it', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    await cp(join(FIXTURES, 'pdf-forms'), join(ws.dir, 'skills', 'pdf-forms'), { recursive: true });
    const added = await runCli(['skills', 'add', 'skills/pdf-forms'], { cwd: ws.dir });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(
      /^registered pdf-forms@1: 5 files, \d+ bytes, sha256 [0-9a-f]{16}; grant it with --grant 'skill:pdf-forms=read,activate'\n$/,
    );
    const again = await runCli(['skill', 'add', 'skills/pdf-forms'], { cwd: ws.dir });
    expect(again.stdout).toMatch(/^unchanged: pdf-forms@1 already has this content/);

    const table = await runCli(['skills', 'list'], { cwd: ws.dir });
    expect(table.stdout.split('\n')[0]).toMatch(
      /^NAME\s+VERSION\s+FILES\s+BYTES\s+SHA256\s+DESCRIPTION$/,
    );
    expect(table.stdout).toMatch(/\npdf-forms\s+1\s+5\s+\d+\s+[0-9a-f]{16}\s+Fill in PDF forms/);
    const { out: listed } = await runJson<Skill[]>(['skills', 'list'], { cwd: ws.dir });
    expect(listed).toMatchObject([{ name: 'pdf-forms', version: 1 }]);

    const shown = await runCli(['skills', 'show', 'pdf-forms'], { cwd: ws.dir });
    expect(shown.stdout).toContain('pdf-forms@1\n');
    expect(shown.stdout).toContain(`sha256       ${listed[0]!.sha256}`);
    expect(shown.stdout).toContain('license      "Apache-2.0"');
    expect(shown.stdout).toMatch(/\nscripts\/fill_form\.py\s+\d+\s+[0-9a-f]{16}\n/);
    const file = await runCli(['skills', 'show', 'pdf-forms', '--file', 'reference.md'], {
      cwd: ws.dir,
    });
    expect(file.stdout).toContain('## Non-fillable forms');
    const escape = await runCli(['skills', 'show', 'pdf-forms', '--file', '../../etc/passwd'], {
      cwd: ws.dir,
    });
    expect(escape.code).toBe(2);
    expect(escape.stderr).toMatch(/^error INVALID_INPUT: .*leaves the Skill folder/);

    const removed = await runCli(['skills', 'rm', 'pdf-forms'], { cwd: ws.dir });
    expect(removed.stdout).toBe('removed pdf-forms (1 version)\n');
    expect((await runCli(['skills', 'list'], { cwd: ws.dir })).stdout).toMatch(
      /^no skills registered/,
    );
    const gone = await runCli(['skills', 'show', 'pdf-forms'], { cwd: ws.dir });
    expect(gone.code).toBe(3);
    expect((await runCli(['skills', 'show', 'pdf-forms@1'], { cwd: ws.dir })).stdout).toContain(
      'pdf-forms@1 (removed)',
    );
    const history = await runCli(['skills', 'show', 'pdf-forms@1', '--file', 'SKILL.md'], {
      cwd: ws.dir,
    });
    expect(history.stdout).toContain('name: pdf-forms');
  });

  it('refuses a bad SKILL.md naming the file and field, and stores nothing', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    const before = countRows(ws.dbPath);
    const dir = join(ws.dir, 'bad');
    await mkdir(dir);
    await writeFile(join(dir, 'SKILL.md'), '---\nname: Bad Name\ndescription: x\n---\nbody\n');
    const json = await runCli(['skills', 'add', 'bad', '--json'], { cwd: ws.dir });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: 'INVALID_INPUT', details: { file: 'SKILL.md', field: 'name' } },
    });
    await writeFile(join(dir, 'SKILL.md'), '---\nname: fine\n---\nbody\n');
    const text = await runCli(['skills', 'add', 'bad'], { cwd: ws.dir });
    expect(text.stderr).toBe(
      'error INVALID_INPUT: Registering skill folder "bad" failed: SKILL.md front matter: description: is required\n',
    );
    await writeFile(join(dir, 'SKILL.md'), 'no front matter at all\n');
    expect((await runCli(['skills', 'add', 'bad'], { cwd: ws.dir })).stderr).toMatch(
      /SKILL\.md front matter: \(front matter\): the file must begin with a --- line/,
    );
    const missing = await runCli(['skills', 'add', 'nowhere'], { cwd: ws.dir });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/Reading skill folder "nowhere" failed: no such folder/);
    expect(countRows(ws.dbPath)).toEqual(before);
    expect((await runJson<Skill[]>(['skills', 'list'], { cwd: ws.dir })).out).toEqual([]);
  });

  it('runs an agent granted skill:* that activates a Skill and reads its file, journaled with the version', async () => {
    await using ws = await createTempWorkspace();
    expect((await runCli(['init'], { cwd: ws.dir })).code).toBe(0);
    expect(
      (await runCli(['skills', 'add', join(FIXTURES, 'changelog')], { cwd: ws.dir })).code,
    ).toBe(0);
    const script = await writeScript(ws.dir, 'model.json', {
      agents: [
        {
          goal: 'Write the changelog',
          calls: [
            { skill_activate: { name: 'changelog' } },
            { skill_read: { name: 'changelog', path: 'templates/entry.md' } },
            { exit: { result: 'written' } },
          ],
        },
      ],
    });
    const { out: run } = await runJson<RunJson>(
      [
        'run',
        '--image',
        'coding',
        '--goal',
        'Write the changelog',
        '--model',
        `scripted:${script}`,
        '--grant',
        'skill:*=read,activate',
      ],
      { cwd: ws.dir },
    );
    expect(run.processes[0]).toMatchObject({ state: { kind: 'exited', result: 'written' } });
    const { out: entries } = await runJson<JournalEntry[]>(
      ['journal', 'list', '--type', 'syscall.completed', '--limit', '100'],
      { cwd: ws.dir },
    );
    const activation = entries.find((e) => e.data.syscall === 'skill.activate');
    expect(activation?.data).toMatchObject({ skill: 'changelog', version: 1 });
    expect(entries.find((e) => e.data.syscall === 'skill.read')?.data).toMatchObject({
      skill: 'changelog',
      path: 'templates/entry.md',
      sha256: activation?.data.sha256,
    });
  });
});
