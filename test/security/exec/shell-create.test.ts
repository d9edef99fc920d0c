// Creating at the workspace root of a real repository (a `.git`, a denied `.env`): the command
// works in a staging copy of each writable recreated directory, and what it made is carried into
// the workspace only where the process may write and the name is free — never over a hidden entry.
import { existsSync, linkSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTSIDE_SECRET, plant, snapshotTree } from '../helpers.js';
import { hasSandbox, journalOf, ran, runCommands, sha256Of, useSandboxRigs } from './exec-kit.js';

const REPO_GRANTS = [
  { resource: 'shell:sh', rights: 'execute' },
  { resource: 'fs:**', rights: 'read,write' },
  { resource: 'fs:.env', rights: 'read,write', effect: 'deny' as const },
  { resource: 'fs:locked.txt', rights: 'write', effect: 'deny' as const },
];

describe.runIf(hasSandbox)('creating in a recreated writable directory', () => {
  const rigs = useSandboxRigs();

  it('carries new files and directories at the root into the workspace, journaled with hashes', async () => {
    const rig = await rigs();
    plant(rig, { '.git/config': '[core]', '.env': 'API_KEY=secret', 'src/a.ts': 'a' });
    const [outcome] = await runCommands(rig, REPO_GRANTS, [
      ['sh', '-c', 'mkdir -p dist/js && echo built > dist/js/out.js && echo hi > NOTES.md'],
    ]);
    const output = ran(outcome);
    expect(output.exitCode).toBe(0);
    expect(readFileSync(join(rig.workspace, 'dist/js/out.js'), 'utf8')).toBe('built\n');
    expect(readFileSync(join(rig.workspace, 'NOTES.md'), 'utf8')).toBe('hi\n');
    expect(output.notApplied).toEqual([]);
    const journal = await journalOf(rig, 0);
    expect(journal['changes']).toEqual([
      { path: 'NOTES.md', change: 'created', type: 'file', sha256: sha256Of('hi\n') },
      { path: 'dist', change: 'created', type: 'dir', sha256: null },
      { path: 'dist/js', change: 'created', type: 'dir', sha256: null },
      { path: 'dist/js/out.js', change: 'created', type: 'file', sha256: sha256Of('built\n') },
    ]);
    expect(journal['notApplied']).toEqual([]);
  });

  it.each([
    // Refused for the grants before existence is looked at: the reason reveals no hidden name.
    ['.env', 'echo API_KEY=stolen > .env', 'the process may not write .env'],
    // Writable, but hidden (a second hard link may lead outside): never overwritten.
    [
      'linked.txt',
      'echo replaced > linked.txt',
      'the name exists in the workspace (hidden from the command)',
    ],
    [
      '.git',
      'mkdir -p .git/hooks && echo evil > .git/hooks/pre-commit',
      'the process may not write .git',
    ],
    ['locked.txt', 'echo x > locked.txt', 'the process may not write locked.txt'],
    [
      '.agent-libos',
      'mkdir .agent-libos && echo db > .agent-libos/runtime.db',
      'the process may not write .agent-libos',
    ],
    ['suid', 'cp /bin/true suid && chmod 4755 suid', 'suid has a set-id bit'],
    ['fifo', 'mkfifo fifo', 'fifo is not a file, directory or link'],
  ])('never carries %s into the workspace', async (name, script, reason) => {
    const rig = await rigs();
    plant(rig, { '.git/config': '[core]', '.env': 'API_KEY=secret', 'src/a.ts': 'a' });
    linkSync(join(rig.outside, 'secret.txt'), join(rig.workspace, 'linked.txt'));
    const before = snapshotTree(rig.workspace);
    const [outcome] = await runCommands(rig, REPO_GRANTS, [['sh', '-c', script]]);
    const output = ran(outcome);
    expect(output.notApplied).toEqual([{ path: name, reason }]);
    expect(snapshotTree(rig.workspace)).toEqual(before);
    expect(readFileSync(join(rig.outside, 'secret.txt'), 'utf8')).toBe(OUTSIDE_SECRET);
    expect(await journalOf(rig, 0)).toMatchObject({ changes: [], notApplied: [name] });
  });

  it('creates nothing in a read-only recreated directory', async () => {
    const rig = await rigs();
    plant(rig, { 'docs/.secret': 's', 'docs/a.md': 'a' });
    const [outcome] = await runCommands(
      rig,
      [
        { resource: 'shell:sh', rights: 'execute' },
        { resource: 'fs:**', rights: 'read' },
        { resource: 'fs:docs/.secret', rights: 'read', effect: 'deny' },
      ],
      [['sh', '-c', 'echo x > new.txt; echo y > docs/new.md']],
    );
    const output = ran(outcome);
    expect(output.exitCode).not.toBe(0);
    expect(output.stderr).toMatch(/Read-only file system/);
    expect(existsSync(join(rig.workspace, 'new.txt'))).toBe(false);
    expect(existsSync(join(rig.workspace, 'docs/new.md'))).toBe(false);
  });
});

describe.runIf(hasSandbox)('what is carried over', () => {
  const rigs = useSandboxRigs();

  it('arrives byte for byte, with its permission bits and links as links', async () => {
    const rig = await rigs();
    plant(rig, { '.git/config': '[core]', 'src/a.ts': 'a' });
    const [outcome] = await runCommands(rig, REPO_GRANTS, [
      [
        'sh',
        '-c',
        'mkdir out && head -c 300000 /dev/urandom > out/big.bin && printf "#!/bin/sh\\n" > out/run.sh && chmod 750 out/run.sh && ln -s big.bin out/latest',
      ],
    ]);
    const output = ran(outcome);
    expect(output.notApplied).toEqual([]);
    const big = readFileSync(join(rig.workspace, 'out/big.bin'));
    expect(big.length).toBe(300_000);
    expect(output.changes.listed.find((c) => c.path === 'out/big.bin')?.sha256).toBe(sha256Of(big));
    expect(statSync(join(rig.workspace, 'out/run.sh')).mode & 0o777).toBe(0o750);
    expect(readlinkSync(join(rig.workspace, 'out/latest'))).toBe('big.bin');
  });
});
