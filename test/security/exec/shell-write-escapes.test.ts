// Exec corpus: a command writes only where its process may write, and every write it makes is reported and journaled with its hash.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plant, snapshotTree, type Rig, type RigGrant } from '../helpers.js';
import {
  expectJournaledRun,
  hasSandbox,
  journalOf,
  runCommands,
  sha256Of,
  useSandboxRigs,
} from './exec-kit.js';

const SHELL: RigGrant = { resource: 'shell:*', rights: 'execute' };
const READ_ALL: RigGrant = { resource: 'fs:**', rights: 'read' };
const WRITE_OUT: RigGrant = { resource: 'fs:out/**', rights: 'read,write' };

function layout(rig: Rig): void {
  plant(rig, {
    'src/a.txt': 'A',
    'out/keep.txt': 'keep',
    'secret/key.txt': 'key',
    'notes.md': 'notes',
  });
}

/** A marker no host file name holds, so a stray write is found by name. */
const marker = (): string => `libos-pwned-${process.pid}-${Math.random().toString(36).slice(2)}`;

describe.runIf(hasSandbox)('shell.run cannot write outside its write grants', () => {
  const newRig = useSandboxRigs();

  it.each([
    ['overwrite a read-only file', 'echo changed > src/a.txt'],
    ['append to a read-only file', 'echo more >> src/a.txt'],
    ['create a file in a read-only directory', 'echo new > src/new.txt'],
    ['delete a read-only file', 'rm -f src/a.txt'],
    ['rename a read-only file', 'mv src/a.txt src/b.txt'],
    ['truncate a read-only file', 'truncate -s 0 src/a.txt'],
    ['chmod a read-only file', 'chmod 777 src/a.txt'],
    [
      'remount the read-only bind writable, then write',
      'mount -o remount,rw,bind /workspace/src; echo changed > src/a.txt',
    ],
    [
      'unmount the read-only bind, then write beneath',
      'umount -l /workspace/src; mkdir -p src; echo changed > src/a.txt',
    ],
    ['create a file at the workspace root', 'echo new > planted.txt'],
    ['create a directory the process may not see', 'mkdir -p secret2 && echo new > secret2/x'],
    [
      'write into a denied sibling by its absent path',
      'mkdir -p secret; echo changed > secret/key.txt',
    ],
  ])('%s: the write fails and nothing changes on disk', async (_name, script) => {
    const rig = await newRig();
    layout(rig);
    const before = snapshotTree(rig.workspace);
    await runCommands(rig, [SHELL, READ_ALL, WRITE_OUT], [['sh', '-c', script]]);
    const out = await expectJournaledRun(rig, 0, { changes: [], changesTotal: 0 });
    expect(out.exitCode).not.toBe(0);
    expect(snapshotTree(rig.workspace)).toEqual(before);
  });

  it.each([
    ['/usr', '/usr'],
    ['/usr/bin', '/usr/bin'],
    ['/etc', '/etc'],
    ['/ (the root)', ''],
    ['/usr after remounting it writable', '/usr', 'mount -o remount,rw,bind /usr; '],
  ])('a file written into %s never reaches the host', async (_name, dir, prefix = '') => {
    const rig = await newRig();
    const name = marker();
    await runCommands(
      rig,
      [SHELL, READ_ALL],
      [['sh', '-c', `${prefix}echo pwned > ${dir}/${name}`]],
    );
    const out = await expectJournaledRun(rig, 0, { changes: [] });
    expect(out.exitCode).not.toBe(0);
    expect(existsSync(`${dir === '' ? '' : dir}/${name}`)).toBe(false);
  });

  it('a write-only grant shows nothing: the command can neither read nor write there', async () => {
    const rig = await newRig();
    layout(rig);
    const before = snapshotTree(rig.workspace);
    await runCommands(
      rig,
      [SHELL, { resource: 'fs:src/**', rights: 'write' }],
      [['sh', '-c', 'cat src/a.txt; echo changed > src/a.txt']],
    );
    const out = await expectJournaledRun(rig, 0, { changes: [] });
    expect(out.stdout).toBe('');
    expect(out.exitCode).not.toBe(0);
    expect(snapshotTree(rig.workspace)).toEqual(before);
  });

  it('a write to the private /tmp and home succeeds in the sandbox and leaves the host alone', async () => {
    const rig = await newRig();
    const name = marker();
    await runCommands(
      rig,
      [SHELL, READ_ALL],
      [
        [
          'sh',
          '-c',
          `echo t > /tmp/${name} && echo h > "$HOME/${name}" && cat /tmp/${name} "$HOME/${name}"`,
        ],
      ],
    );
    const out = await expectJournaledRun(rig, 0, { changes: [], exitCode: 0 });
    expect(out.stdout).toBe('t\nh\n');
    expect(existsSync(`/tmp/${name}`)).toBe(false);
  });
});

describe.runIf(hasSandbox)('writes a command makes are reported and journaled', () => {
  const newRig = useSandboxRigs();

  it('created, modified and deleted files carry the sha256 of what is on disk', async () => {
    const rig = await newRig();
    plant(rig, { 'out/old.txt': 'old', 'out/gone.txt': 'gone', 'out/same.txt': 'same' });
    await runCommands(
      rig,
      [SHELL, READ_ALL, WRITE_OUT],
      [
        [
          'sh',
          '-c',
          'printf new > out/new.txt; printf changed > out/old.txt; rm out/gone.txt; mkdir out/d; printf deep > out/d/f',
        ],
      ],
    );
    const out = await expectJournaledRun(rig, 0, { exitCode: 0, changesTotal: 5 });
    const onDisk = (path: string): string => sha256Of(readFileSync(join(rig.workspace, path)));
    const expected = [
      { path: 'out/d', change: 'created', type: 'dir', sha256: null },
      { path: 'out/d/f', change: 'created', type: 'file', sha256: onDisk('out/d/f') },
      { path: 'out/gone.txt', change: 'deleted', type: 'file', sha256: null },
      { path: 'out/new.txt', change: 'created', type: 'file', sha256: onDisk('out/new.txt') },
      { path: 'out/old.txt', change: 'modified', type: 'file', sha256: onDisk('out/old.txt') },
    ];
    expect(out.changes.listed.map(({ bytes: _bytes, ...c }) => c)).toEqual(expected);
    expect((await journalOf(rig, 0))['changes']).toEqual(expected);
    expect(onDisk('out/new.txt')).toBe(sha256Of('new'));
    expect(readFileSync(join(rig.workspace, 'out/same.txt'), 'utf8')).toBe('same');
    expect(existsSync(join(rig.workspace, 'out/gone.txt'))).toBe(false);
  });

  it('a write to a single file granted writable is reported against that file', async () => {
    const rig = await newRig();
    layout(rig);
    await runCommands(
      rig,
      [SHELL, READ_ALL, { resource: 'fs:notes.md', rights: 'read,write' }],
      [['sh', '-c', 'printf rewritten > notes.md; echo x > src/a.txt']],
    );
    const out = await expectJournaledRun(rig, 0, { changesTotal: 1 });
    expect(out.exitCode).not.toBe(0);
    expect(readFileSync(join(rig.workspace, 'notes.md'), 'utf8')).toBe('rewritten');
    expect(readFileSync(join(rig.workspace, 'src/a.txt'), 'utf8')).toBe('A');
    expect(out.changes.listed).toEqual([
      {
        path: 'notes.md',
        change: 'modified',
        type: 'file',
        sha256: sha256Of('rewritten'),
        bytes: 9,
      },
    ]);
  });
});
