// Exec corpus: a narrowed shell grant covers exactly the commands it names — no option smuggled before the subcommand, no encoded trick, no path as argv[0], no planted executable, no environment that changes what runs.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectDeniedAndUntouched,
  plant,
  type CallRecord,
  type Rig,
  type RigGrant,
} from '../helpers.js';
import {
  expectJournaledRun,
  expectShellRefused,
  hasSandbox,
  journalOf,
  ran,
  runCommands,
  sha256Of,
  useSandboxRigs,
} from './exec-kit.js';

const GIT_STATUS: RigGrant = { resource: 'shell:git/status', rights: 'execute' };
const READ_ALL: RigGrant = { resource: 'fs:**', rights: 'read' };
const READ_GIT: RigGrant = { resource: 'fs:.git/**', rights: 'read' };

/** A real repository in the workspace with one untracked file. */
function repository(rig: Rig): void {
  plant(rig, { 'a.txt': 'A' });
  plant(rig, {
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/config': '[core]\n\trepositoryformatversion = 0\n\tbare = false\n',
  });
  plant(rig, { '.git/objects/.keep': '', '.git/refs/heads/.keep': '' });
}

describe.runIf(hasSandbox)('shell:git/status covers git status and nothing else', () => {
  const newRig = useSandboxRigs();

  it.each([
    [
      'an option before the subcommand (--upload-pack)',
      ['git', '--upload-pack=touch /workspace/pwned', 'status'],
    ],
    [
      'a config override before the subcommand (-c)',
      ['git', '-c', 'core.sshCommand=touch pwned', 'status'],
    ],
    ['a -C before the subcommand', ['git', '-C', '/', 'status']],
    ['a longer subcommand name', ['git', 'statusx']],
    ['a slash and dot-dots inside one argument', ['git', 'status/../push']],
    ['a percent-encoded slash inside one argument', ['git', 'status%2Fpush']],
    ['an argument that is a dot-dot', ['git', '..', 'status']],
    ['an empty argument before the subcommand', ['git', '', 'status']],
    ['another subcommand', ['git', 'push']],
    ['the bare executable', ['git']],
    ['a similarly named executable', ['gitk', 'status']],
    ['an interpreter running git', ['bash', '-c', 'git status']],
    ['env running git', ['env', 'git', 'status']],
  ])('refuses %s, naming the encoded resource', async (_name, argv) => {
    const rig = await newRig();
    repository(rig);
    await runCommands(rig, [GIT_STATUS, READ_ALL, READ_GIT], [argv]);
    await expectShellRefused(rig, 0, {
      untouched: () => {
        expect(existsSync(join(rig.workspace, 'pwned'))).toBe(false);
      },
    });
  });

  it.each([
    ['git status', ['git', 'status']],
    ['git status --short', ['git', 'status', '--short']],
  ])('allows %s, and it sees the repository', async (_name, argv) => {
    const rig = await newRig();
    repository(rig);
    await runCommands(rig, [GIT_STATUS, READ_ALL, READ_GIT], [argv]);
    const out = await expectJournaledRun(rig, 0, { exitCode: 0, changes: [], argc: argv.length });
    expect(out.stdout).toContain('a.txt');
  });

  it('refuses environment variables that make git status run a command (core.fsmonitor)', async () => {
    const rig = await newRig();
    repository(rig);
    const env = {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.fsmonitor',
      GIT_CONFIG_VALUE_0: 'echo FSMONITOR-RAN >&2; false',
    };
    await runCommands(rig, [GIT_STATUS, READ_ALL, READ_GIT], [{ argv: ['git', 'status'], env }]);
    const call = rig.callsOf('shell.run')[0];
    expect(JSON.stringify(call?.outcome)).not.toContain('FSMONITOR-RAN');
    await expectDeniedAndUntouched(rig, call as CallRecord);
    // The denial names the executable: an environment needs authority over all of it.
    expect((await journalOf(rig, 0))['resource']).toBe('shell:git');
  });

  it('lets a grant over the whole executable pass an environment', async () => {
    const rig = await newRig();
    repository(rig);
    await runCommands(
      rig,
      [{ resource: 'shell:git', rights: 'execute' }, READ_ALL, READ_GIT],
      [{ argv: ['git', 'status', '--short'], env: { GIT_CONFIG_COUNT: '0' } }],
    );
    const out = await expectJournaledRun(rig, 0, { exitCode: 0 });
    expect(out.stdout).toContain('a.txt');
  });
});

describe.runIf(hasSandbox)(
  'what runs is looked up on the fixed PATH, never given as a path',
  () => {
    const newRig = useSandboxRigs();

    it.each([['/bin/sh'], ['./x'], ['../x'], ['bin/sh'], ['.'], ['~/x'], ['x y']])(
      'refuses argv[0] %j as invalid input, before any decision',
      async (name) => {
        const rig = await newRig();
        plant(rig, { x: '#!/bin/sh\ntouch pwned\n' });
        await runCommands(
          rig,
          [{ resource: 'shell:*', rights: 'execute' }, READ_ALL],
          [[name, '-c', 'true']],
        );
        // Malformed input is a caller error, journaled as syscall.failed.
        await expectShellRefused(rig, 0, {
          code: 'INVALID_INPUT',
          journal: 'syscall.failed',
          untouched: () => {
            expect(existsSync(join(rig.workspace, 'pwned'))).toBe(false);
          },
        });
      },
    );

    it('never runs an executable planted in the workspace, even in the working directory', async () => {
      const rig = await newRig();
      plant(rig, { 'bin/ls': '#!/bin/sh\necho PLANTED\n', ls: '#!/bin/sh\necho PLANTED\n' });
      chmodSync(join(rig.workspace, 'bin/ls'), 0o755);
      chmodSync(join(rig.workspace, 'ls'), 0o755);
      await runCommands(
        rig,
        [
          { resource: 'shell:*', rights: 'execute' },
          { resource: 'fs:**', rights: 'read,write' },
        ],
        [{ argv: ['ls'], cwd: 'bin' }, ['ls']],
      );
      for (const n of [0, 1]) {
        const out = await expectJournaledRun(rig, n, {
          exitCode: 0,
          executable: 'ls',
          executableSha256: sha256Of(readFileSync('/usr/bin/ls')),
        });
        expect(out.stdout).not.toContain('PLANTED');
        expect(out.stdout).toContain('ls');
      }
    });

    it('a name found only in the workspace is not found', async () => {
      const rig = await newRig();
      plant(rig, { 'pwn-libos': '#!/bin/sh\ntouch pwned\n' });
      chmodSync(join(rig.workspace, 'pwn-libos'), 0o755);
      await runCommands(
        rig,
        [
          { resource: 'shell:*', rights: 'execute' },
          { resource: 'fs:**', rights: 'read,write' },
        ],
        [['pwn-libos']],
      );
      await expectShellRefused(rig, 0, {
        code: 'NOT_FOUND',
        journal: 'syscall.failed',
        untouched: () => {
          expect(existsSync(join(rig.workspace, 'pwned'))).toBe(false);
        },
      });
    });

    it('bash -c needs shell:bash; shell:bash runs it', async () => {
      const rig = await newRig();
      const outcomes = await runCommands(
        rig,
        [
          { resource: 'shell:git', rights: 'execute' },
          { resource: 'shell:bash', rights: 'execute' },
          READ_ALL,
        ],
        [['bash', '-c', 'echo $((6*7))']],
      );
      expect(ran(outcomes[0]).stdout).toBe('42\n');
      await expectJournaledRun(rig, 0, { exitCode: 0, executable: 'bash' });
      const refused = await newRig();
      await runCommands(
        refused,
        [{ resource: 'shell:git', rights: 'execute' }, READ_ALL],
        [['bash', '-c', 'echo $((6*7))']],
      );
      await expectShellRefused(refused, 0);
    });
  },
);
