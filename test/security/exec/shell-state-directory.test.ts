// Exec corpus: the runtime's own state — its database outside the workspace, `.agent-libos`, a database in a directory of the workspace — is out of a command's reach, whatever the grants.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/base/clock.js';
import { isLibosError } from '../../../src/base/errors.js';
import { createSequentialIdSource } from '../../../src/base/ids.js';
import { openRuntime } from '../../../src/open-runtime.js';
import type { Runtime } from '../../../src/runtime/runtime.js';
import { createCommandSandbox } from '../../../src/sandbox/shell/command-sandbox.js';
import type { ShellRunOutput } from '../../../src/syscalls/shell/run.js';
import { plant, snapshotTree, type RigGrant } from '../helpers.js';
import { expectJournaledRun, hasSandbox, runCommands, useSandboxRigs } from './exec-kit.js';

const SHELL: RigGrant = { resource: 'shell:*', rights: 'execute' };
const EVERYTHING: readonly RigGrant[] = [
  SHELL,
  { resource: 'fs:**', rights: 'read,write,delete' },
  { resource: 'fs:.agent-libos/**', rights: 'read,write,delete' },
  { resource: 'fs:state/**', rights: 'read,write,delete' },
  { resource: 'net:*', rights: 'connect' },
];
const SQLITE_HEADER = 'SQLite format 3';

describe.runIf(hasSandbox)('the runtime state is out of reach of commands', () => {
  const newRig = useSandboxRigs();

  it('the database beside the workspace is reached neither by its host path nor by a search', async () => {
    const rig = await newRig();
    const db = rig.t.dbPath;
    await runCommands(rig, EVERYTHING, [
      ['cat', db],
      ['cat', `/proc/1/root${db}`],
      [
        'sh',
        '-c',
        `ls -a /workspace/.. /tmp; find / -path /proc -prune -o -path /usr -prune -o -name 'runtime.db*' -print`,
      ],
      ['sh', '-c', `rm -f ${db} ${db}-wal; echo x > ${db}`],
    ]);
    for (const n of [0, 1, 2, 3]) {
      const out = await expectJournaledRun(rig, n, { changes: [] });
      expect(out.stdout).not.toContain(SQLITE_HEADER);
      expect(out.stdout).not.toContain('runtime.db');
    }
    expect(readFileSync(db).subarray(0, 15).toString()).toBe(SQLITE_HEADER);
  });

  it('.agent-libos is absent under fs:** and an explicit grant on it', async () => {
    const rig = await newRig();
    plant(rig, { '.agent-libos/runtime.db': 'old database', 'a.txt': 'a' });
    const before = snapshotTree(join(rig.workspace, '.agent-libos'));
    await runCommands(rig, EVERYTHING, [
      ['sh', '-c', 'ls -a; cat .agent-libos/runtime.db; ls -a .AGENT-LIBOS'],
      [
        'sh',
        '-c',
        'rm -rf .agent-libos; mkdir -p .agent-libos && echo planted > .agent-libos/runtime.db',
      ],
    ]);
    const listed = await expectJournaledRun(rig, 0, { changes: [] });
    expect(listed.stdout).toContain('a.txt');
    expect(listed.stdout).not.toContain('.agent-libos');
    expect(listed.stdout).not.toContain('old database');
    // The command may make a directory of that name in its staging copy of the workspace root,
    // but the reserved name is never carried into the workspace.
    const written = await expectJournaledRun(rig, 1, { changes: [] });
    expect(written.notApplied).toEqual([
      { path: '.agent-libos', reason: 'the process may not write .agent-libos' },
    ]);
    expect(snapshotTree(join(rig.workspace, '.agent-libos'))).toEqual(before);
  });
});

describe.runIf(hasSandbox)('a database inside the workspace, in a directory of its own', () => {
  let dir = '';
  let opened: Runtime | null = null;
  afterEach(async () => {
    // Closing the runtime kills a command still running when a test failed or timed out.
    await opened?.close();
    opened = null;
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('is absent to a command under fs:** and a grant on its directory; the command cannot remove it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'agent-libos-exec-state-'));
    const workspace = join(dir, 'workspace');
    mkdirSync(workspace);
    writeFileSync(join(workspace, 'a.txt'), 'a');
    const outcomes: (ShellRunOutput | string)[] = [];
    const attempts = [
      ['sh', '-c', 'ls -a; ls -a state; cat state/runtime.db'],
      ['sh', '-c', 'rm -rf state; mkdir -p state && echo planted > state/runtime.db'],
    ];
    const runtime = (opened = await openRuntime({
      workspace,
      db: 'state/runtime.db',
      clock: createManualClock(),
      ids: createSequentialIdSource(),
      commands: createCommandSandbox({ workspace: '', unsandboxed: false }),
      body: async (ctx) => {
        for (const argv of attempts) {
          try {
            const result = await ctx.syscall('shell.run', { argv });
            outcomes.push(result.blocked ? 'BLOCKED' : (result.value as ShellRunOutput));
          } catch (error) {
            outcomes.push(isLibosError(error) ? error.code : 'THROWN');
          }
        }
        await ctx.exit(null);
      },
    }));
    try {
      const { pid } = await runtime.spawn({ imageId: 'base', goal: 'reach the state' });
      for (const grant of EVERYTHING) await runtime.grant({ subject: pid, ...grant });
      await runtime.run();
      const [listed, removed] = outcomes as ShellRunOutput[];
      expect(listed?.stdout).toContain('a.txt');
      expect(listed?.stdout).not.toMatch(/^state$/m);
      expect(listed?.stdout).not.toContain(SQLITE_HEADER);
      expect(removed?.notApplied).toEqual([
        { path: 'state', reason: 'the process may not write state' },
      ]);
      const completed = await runtime.journal({ pid, type: 'syscall.completed', limit: 50 });
      const runs = completed.filter((e) => e.data['syscall'] === 'shell.run');
      expect(runs).toHaveLength(2);
      for (const entry of runs) {
        expect(entry.data).toMatchObject({ sandbox: 'bwrap', changes: [], changesTotal: 0 });
        expect(JSON.stringify(entry.data)).not.toContain(dir);
      }
    } finally {
      await runtime.close();
    }
    expect(readFileSync(join(workspace, 'state/runtime.db')).subarray(0, 15).toString()).toBe(
      SQLITE_HEADER,
    );
    expect(readdirSync(join(workspace, 'state'))).not.toContain('planted');
    expect(existsSync(join(workspace, 'a.txt'))).toBe(true);
  });
});
