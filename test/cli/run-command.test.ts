// `run_command` through the CLI: a coding agent runs a command in the sandbox its grants describe,
// and an operator's --unsandboxed-shell is journaled and warned about by ps until a sandboxed run.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import { openRuntime } from '../../src/open-runtime.js';
import type { ScriptedModelFile } from '../../src/models/scripted/scripted-script.js';
import { hasSandbox } from '../security/exec/exec-kit.js';
import { createTempWorkspace, runCli } from './cli-harness.js';
import { runJson, toolOutcomes, writeScript, type RunJson } from './agent-fixture.js';

const COMMAND = ['sh', '-c', 'cat README.md; cat .env; echo made > src/new.txt; echo done'];

async function seed(dir: string): Promise<void> {
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'README.md'), '# A project\n');
  await writeFile(join(dir, '.env'), 'API_KEY=secret\n');
  const script: ScriptedModelFile = {
    agents: [
      { name: 'agent', calls: [{ run_command: { argv: COMMAND } }, { exit: { result: 'ran' } }] },
    ],
  };
  await writeScript(dir, 'model.json', script);
}

function runArgs(dir: string, extra: readonly string[] = []): string[] {
  return [
    'run',
    '--workspace',
    dir,
    '--image',
    'coding',
    '--goal',
    'Run the command',
    '--name',
    'agent',
    '--grant',
    'fs:**=read',
    '--grant',
    'fs:src/**=read,write',
    '--deny',
    'fs:.env=read',
    '--grant',
    'shell:sh=execute',
    '--model',
    'scripted:model.json',
    ...extra,
  ];
}

async function shellEntries(dir: string, type: string): Promise<JournalEntry[]> {
  const { out } = await runJson<JournalEntry[]>([
    'journal',
    'list',
    '--workspace',
    dir,
    '--type',
    type,
  ]);
  return out;
}

describe.runIf(hasSandbox)('run_command in the sandbox', () => {
  it('runs the command seeing what the process may read and writing where it may write', async () => {
    await using ws = await createTempWorkspace();
    await seed(ws.dir);
    const { out } = await runJson<RunJson>(runArgs(ws.dir), { cwd: ws.dir });
    expect(out.processes[0]?.state).toEqual({ kind: 'exited', result: 'ran' });
    expect(await toolOutcomes(ws.dir, out.root ?? '')).toEqual(['run_command:ok']);
    expect(await readFile(join(ws.dir, 'src', 'new.txt'), 'utf8')).toBe('made\n');
    const [completed] = (await shellEntries(ws.dir, 'syscall.completed')).filter(
      (e) => e.data['syscall'] === 'shell.run',
    );
    expect(completed?.data).toMatchObject({
      sandbox: 'bwrap',
      network: false,
      exitCode: 0,
      changes: [{ path: 'src/new.txt', change: 'created', type: 'file' }],
      changesTotal: 1,
    });
    // What the model saw: the readme, no secret (the denied file is absent), its output.
    const runtime = await openRuntime({ workspace: ws.dir });
    try {
      const transcript = await runtime.store.read((r) =>
        r.listTranscript(out.root as Pid, { limit: 100 }),
      );
      const seen = JSON.stringify(transcript.map((t) => t.item));
      expect(seen).toContain('# A project');
      expect(seen).toContain('.env: No such file or directory');
      expect(seen).toContain('done');
      expect(seen).not.toContain('API_KEY');
    } finally {
      await runtime.close();
    }
    expect(await shellEntries(ws.dir, 'runtime.shell')).toEqual([]);
  });
});

describe('--unsandboxed-shell', () => {
  it('runs commands on the host, journals the choice, and ps warns until a sandboxed run', async () => {
    await using ws = await createTempWorkspace();
    await seed(ws.dir);
    const { out } = await runJson<RunJson>(runArgs(ws.dir, ['--unsandboxed-shell']), {
      cwd: ws.dir,
    });
    expect(out.processes[0]?.state).toEqual({ kind: 'exited', result: 'ran' });
    expect(existsSync(join(ws.dir, 'src', 'new.txt'))).toBe(true);
    const [completed] = (await shellEntries(ws.dir, 'syscall.completed')).filter(
      (e) => e.data['syscall'] === 'shell.run',
    );
    expect(completed?.data).toMatchObject({ sandbox: 'none', exitCode: 0 });
    expect((await shellEntries(ws.dir, 'runtime.shell')).map((e) => e.data)).toEqual([
      { sandbox: 'none' },
    ]);
    const ps = await runCli(['ps', '--workspace', ws.dir]);
    expect(ps.code).toBe(0);
    expect(ps.stderr).toMatch(
      /^warning: commands run UNSANDBOXED \(the runtime was started with --unsandboxed-shell at /,
    );

    // A later sandboxed run records the change back, and ps stops warning.
    const resumed = await runCli(['resume', '--workspace', ws.dir]);
    expect(resumed.code).toBe(0);
    expect((await shellEntries(ws.dir, 'runtime.shell')).map((e) => e.data)).toEqual([
      { sandbox: 'none' },
      { sandbox: 'bwrap' },
    ]);
    expect((await runCli(['ps', '--workspace', ws.dir])).stderr).toBe('');
  });
});
