// Exec corpus: a command reads nothing its process may not read — not through other tools, /proc, links it makes or finds, hard links, denies, asks or the .git carve-out.
import { linkSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allRequests,
  expectOutsideUntouched,
  OUTSIDE_SECRET,
  plant,
  recordsOf,
  type Rig,
  type RigGrant,
} from '../helpers.js';
import { expectJournaledRun, hasSandbox, runCommands, useSandboxRigs } from './exec-kit.js';

const KEY = 'key secret';
const ENV = 'env secret';
const GIT = 'git config secret';

const SHELL: RigGrant = { resource: 'shell:*', rights: 'execute' };
const READ_SRC: RigGrant = { resource: 'fs:src/**', rights: 'read' };
const WRITE_SRC: RigGrant = { resource: 'fs:src/**', rights: 'read,write' };

/** The workspace every case starts from: `src/` granted, `secret/` and `.env` not, a `.git`. */
function layout(rig: Rig): void {
  plant(rig, {
    'src/a.txt': 'A',
    'secret/key.txt': KEY,
    '.env': ENV,
    '.git/config': GIT,
    'notes.md': 'notes',
  });
}

/** Asserts no secret of the layout (nor the outside one) reached what the command printed. */
function expectNoSecret(text: string): void {
  for (const secret of [KEY, ENV, GIT, OUTSIDE_SECRET]) expect(text).not.toContain(secret);
}

describe.runIf(hasSandbox)('shell.run cannot read outside its read grants', () => {
  const newRig = useSandboxRigs();

  // `{outside}` is the host path of the directory beside the workspace, `{ws}` the workspace's.
  it.each([
    ['cat of a denied sibling', ['cat', 'secret/key.txt']],
    ['cat by absolute sandbox path', ['cat', '/workspace/secret/key.txt']],
    ['python3 open()', ['python3', '-c', "print(open('/workspace/secret/key.txt').read())"]],
    [
      'node readFileSync',
      ['node', '-e', "console.log(require('fs').readFileSync('/workspace/secret/key.txt','utf8'))"],
    ],
    ['/proc/self/root', ['cat', '/proc/self/root/workspace/secret/key.txt']],
    ['/proc/1/root', ['cat', '/proc/1/root/workspace/secret/key.txt']],
    ['the host path of the workspace', ['cat', '{ws}/secret/key.txt']],
    ['the host path outside the workspace', ['cat', '{outside}/secret.txt']],
    ['/proc/1/root and the host path outside', ['cat', '/proc/1/root{outside}/secret.txt']],
    [
      'python3 walking the whole tree',
      [
        'python3',
        '-c',
        "import os\nfor d,_,fs in os.walk('/workspace'):\n  for f in fs: print(open(os.path.join(d,f),errors='replace').read())",
      ],
    ],
  ])('%s', async (_name, template) => {
    const rig = await newRig();
    layout(rig);
    const argv = template.map((a) =>
      a.replace('{ws}', rig.workspace).replace('{outside}', rig.outside),
    );
    await runCommands(rig, [SHELL, READ_SRC], [argv]);
    const out = await expectJournaledRun(rig, 0, { network: false, changes: [], changesTotal: 0 });
    expectNoSecret(out.stdout + out.stderr);
    // The walk succeeds over what is shown (src/a.txt); every other command fails.
    if (template.some((a) => a.includes('os.walk'))) expect(out.stdout).toContain('A');
    else expect(out.exitCode).not.toBe(0);
    expectOutsideUntouched(rig);
  });

  it.each([
    ['a denied sibling', '../secret/key.txt'],
    ['the host path of the workspace', '{ws}/secret/key.txt'],
    ['the host path outside the workspace', '{outside}/secret.txt'],
    ['/root', '/root'],
  ])(
    'a symbolic link the command makes to %s leads nowhere, now or in the next command',
    async (_name, template) => {
      const rig = await newRig();
      layout(rig);
      const target = template.replace('{ws}', rig.workspace).replace('{outside}', rig.outside);
      const read = ['sh', '-c', 'cat src/link; ls -a src/link/'];
      await runCommands(
        rig,
        [SHELL, WRITE_SRC],
        [['sh', '-c', `ln -s '${target}' src/link && cat src/link`], read],
      );
      const made = await expectJournaledRun(rig, 0, {
        changes: [{ path: 'src/link', change: 'created', type: 'symlink', sha256: null }],
      });
      expect(made.exitCode).not.toBe(0);
      expectNoSecret(made.stdout);
      // The link is left on disk with its text, and the next sandbox resolves that text inside.
      expect(readlinkSync(join(rig.workspace, 'src/link'))).toBe(target);
      const again = await expectJournaledRun(rig, 1, { changes: [] });
      expectNoSecret(again.stdout);
      expect(again.stdout).not.toMatch(/\bsecret\.txt\b|\bkey\.txt\b|\.bashrc|\.profile/);
      expect(again.exitCode).not.toBe(0);
    },
  );

  it.each([
    ['absolute, to the host path outside', (rig: Rig) => join(rig.outside, 'secret.txt')],
    ['relative, climbing out of the workspace', () => '../../outside/secret.txt'],
    ['to the host path of a denied sibling', (rig: Rig) => join(rig.workspace, 'secret/key.txt')],
  ])(
    'a symbolic link planted in the workspace (%s) is shown as a link that resolves nowhere',
    async (_name, target) => {
      const rig = await newRig();
      layout(rig);
      symlinkSync(target(rig), join(rig.workspace, 'src/planted'));
      await runCommands(rig, [SHELL, READ_SRC], [['cat', 'src/planted']]);
      const out = await expectJournaledRun(rig, 0, { changes: [] });
      expect(out.exitCode).not.toBe(0);
      expectNoSecret(out.stdout);
      expect(lstatSync(join(rig.workspace, 'src/planted')).isSymbolicLink()).toBe(true);
    },
  );

  it.each([
    ['a granted directory bound whole', [READ_SRC]],
    ['a granted directory bound whole, writable', [WRITE_SRC]],
    ['the whole workspace', [{ resource: 'fs:**', rights: 'read' }]],
  ] as const)(
    'a hard link to a file outside the workspace is absent under %s',
    async (_name, grants) => {
      const rig = await newRig();
      layout(rig);
      linkSync(join(rig.outside, 'secret.txt'), join(rig.workspace, 'src/hard.txt'));
      await runCommands(rig, [SHELL, ...grants], [['sh', '-c', 'ls -a src; cat src/hard.txt']]);
      const out = await expectJournaledRun(rig, 0, { changes: [] });
      expect(out.stdout).toContain('a.txt');
      expect(out.stdout).not.toContain('hard.txt');
      expect(out.stderr).toMatch(/No such file/);
      expectNoSecret(out.stdout);
      expectOutsideUntouched(rig);
    },
  );

  it('a denied .env under fs:** is absent (not listed, not readable, not found by grep)', async () => {
    const rig = await newRig();
    layout(rig);
    await runCommands(
      rig,
      [
        SHELL,
        { resource: 'fs:**', rights: 'read' },
        { resource: 'fs:.env', rights: 'read', effect: 'deny' },
      ],
      [['sh', '-c', 'ls -a; cat .env; grep -r "env secret" . ; cat notes.md']],
    );
    const out = await expectJournaledRun(rig, 0, { changes: [] });
    expect(out.stdout).toContain('notes');
    expect(out.stdout).not.toMatch(/^\.env$/m);
    expectNoSecret(out.stdout);
  });

  it('a path covered only by an ask record is absent, and no human is asked', async () => {
    const rig = await newRig();
    layout(rig);
    await runCommands(
      rig,
      [SHELL, READ_SRC, { resource: 'fs:secret/**', rights: 'read', effect: 'ask' }],
      [['sh', '-c', 'ls -a; cat secret/key.txt']],
    );
    const out = await expectJournaledRun(rig, 0, { changes: [] });
    expect(out.stdout).toContain('src');
    expect(out.stdout).not.toContain('secret');
    expectNoSecret(out.stdout);
    expect(await allRequests(rig)).toEqual([]);
  });

  it('a one-shot read grant is not spent by a sandbox and shows nothing', async () => {
    const rig = await newRig();
    layout(rig);
    const pid = await rig.spawn('one-shot', {
      grants: [SHELL, { resource: 'fs:secret/key.txt', rights: 'read', once: true }],
    });
    rig.script('one-shot', async (ctx) => {
      await rig.call(ctx, 'shell.run', { argv: ['cat', 'secret/key.txt'] });
    });
    await rig.run();
    const out = await expectJournaledRun(rig, 0, { changes: [] });
    expect(out.exitCode).not.toBe(0);
    expectNoSecret(out.stdout);
    const once = (await recordsOf(rig, pid)).find((r) => r.resource.kind === 'fs');
    expect(once?.usesRemaining).toBe(1);
  });

  it('.git/config under fs:** is absent (the carve-out holds in the sandbox)', async () => {
    const rig = await newRig();
    layout(rig);
    mkdirSync(join(rig.workspace, 'src/.git'));
    plant(rig, { 'src/.git/HEAD': GIT });
    await runCommands(
      rig,
      [SHELL, { resource: 'fs:**', rights: 'read,write' }],
      [['sh', '-c', 'ls -a . src; cat .git/config src/.git/HEAD; echo x > .git/config']],
    );
    const out = await expectJournaledRun(rig, 0, { changes: [] });
    expect(out.stdout).toContain('notes.md');
    expect(out.stdout).not.toContain('.git');
    expectNoSecret(out.stdout);
    expect(out.exitCode).not.toBe(0);
  });
});
