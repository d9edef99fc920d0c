// `agent-libos run`: one full scripted run per built-in image, and the orchestrator across resumes.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import type { ScriptedModelFile } from '../../src/models/scripted/scripted-script.js';
import {
  expectToolsOf,
  runJson,
  scriptedTools,
  toolOutcomes,
  writeScript,
  type RunJson,
} from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

/** One image's scripted run: its grants and the script of its one agent, named `agent`. */
interface ImageCase {
  readonly image: string;
  readonly grants: readonly string[];
  readonly calls: ScriptedModelFile['agents'][number]['calls'];
  readonly result: unknown;
}

const CASES: readonly ImageCase[] = [
  {
    image: 'base',
    grants: ['fs:**=read', 'fs:OUT.md=write', 'clock:sleep=use'],
    calls: [
      { read_file: { path: 'README.md' } },
      { memory_create: { name: 'summary', type: 'note', content: 'A readme.' } },
      { memory_read: { name: 'summary' } },
      { write_file: { path: 'OUT.md', content: 'A readme.\n' } },
      { sleep: { seconds: 0.01 } },
      { list_dir: { path: '.' } },
      { exit: { result: { summary: 'written' } } },
    ],
    result: { summary: 'written' },
  },
  {
    image: 'research',
    grants: ['fs:notes/**=read'],
    calls: [
      { list_dir: { path: 'notes' } },
      { read_file: { path: 'notes/a.md' } },
      { memory_create: { name: 'finding', type: 'json', content: { sources: 1 } } },
      { memory_list: {} },
      { exit: { result: { sources: 1 } } },
    ],
    result: { sources: 1 },
  },
  {
    image: 'coding',
    grants: ['fs:src/**=read,write,delete'],
    calls: [
      { read_file: { path: 'src/a.ts' } },
      { edit_file: { path: 'src/a.ts', old: 'one', new: 'two' } },
      { write_file: { path: 'src/b.ts', content: 'export const b = 2;\n' } },
      { move_file: { from: 'src/b.ts', to: 'src/c.ts' } },
      { delete_file: { path: 'src/c.ts' } },
      { change_dir: { path: 'src' } },
      { read_file: { path: 'a.ts' } },
      { exit: { result: 'edited' } },
    ],
    result: 'edited',
  },
];

async function seedFiles(dir: string): Promise<void> {
  await mkdir(join(dir, 'notes'));
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'README.md'), '# A project\n');
  await writeFile(join(dir, 'notes', 'a.md'), 'a source\n');
  await writeFile(join(dir, 'src', 'a.ts'), "export const a = 'one';\n");
}

describe('agent-libos run, one scripted run per built-in image', () => {
  for (const image of CASES) {
    it(`runs a ${image.image} agent through its tool table to exited`, async () => {
      await using ws = await createTempWorkspace();
      await seedFiles(ws.dir);
      const script: ScriptedModelFile = { agents: [{ name: 'agent', calls: image.calls }] };
      expectToolsOf(image.image, scriptedTools(script, 0));
      await writeScript(ws.dir, 'model.json', script);
      const { out } = await runJson<RunJson>(
        [
          'run',
          '--workspace',
          ws.dir,
          '--image',
          image.image,
          '--goal',
          `Exercise the ${image.image} image`,
          '--name',
          'agent',
          ...image.grants.flatMap((grant) => ['--grant', grant]),
          '--model',
          'scripted:model.json',
        ],
        { cwd: ws.dir },
      );
      expect(out.outcome).toBe('ended');
      expect(out.message).toBe('all processes ended');
      expect(out.model).toBe(`scripted:${join(ws.dir, 'model.json')}`);
      expect(out.pending).toEqual([]);
      const [root] = out.processes;
      expect(root?.pid).toBe(out.root);
      expect(root?.state).toEqual({ kind: 'exited', result: image.result });
      expect(root?.usage.toolCalls).toBe(image.calls.length);
      // Every call succeeded; exit ends the process instead of recording a result.
      expect(await toolOutcomes(ws.dir, out.root ?? '')).toEqual(
        scriptedTools(script, 0)
          .filter((tool) => tool !== 'exit')
          .map((tool) => `${tool}:ok`),
      );
    });
  }

  it('runs an orchestrator that spawns a child, stops at --max-quanta and resumes to the end', async () => {
    await using ws = await createTempWorkspace();
    const helper = { name: 'helper', calls: [{ exit: { result: 'helped' } }] };
    const spawn = {
      spawn_agent: { image: 'base', goal: 'Help the orchestrator', name: 'helper' },
    };
    const first: ScriptedModelFile = { agents: [{ name: 'boss', calls: [spawn] }, helper] };
    await writeScript(ws.dir, 'model.json', first);
    const started = await runJson<RunJson>([
      'run',
      '--workspace',
      ws.dir,
      '--image',
      'orchestrator',
      '--goal',
      'Delegate and combine',
      '--name',
      'boss',
      '--grant',
      'process:spawn=spawn',
      '--model',
      `scripted:${join(ws.dir, 'model.json')}`,
      '--max-quanta',
      '1',
    ]);
    expect(started.out.outcome).toBe('max-quanta');
    expect(started.run.code).toBe(21);
    expect(started.out.quanta).toBe(1);
    const child = started.out.processes.find((p) => p.name === 'helper');
    expect(child?.state.kind).toBe('runnable');
    // The script learns the child's pid; a later run reads the file again and goes on from turn 1.
    const calls = [
      spawn,
      { wait_agent: { pid: child?.pid ?? '' } },
      { exit: { result: 'combined' } },
    ];
    const second: ScriptedModelFile = { agents: [{ name: 'boss', calls }, helper] };
    expectToolsOf('orchestrator', scriptedTools(second, 0));
    await writeScript(ws.dir, 'model.json', second);
    const resumed = await runJson<RunJson>(['resume', '--workspace', ws.dir]);
    expect(resumed.out.outcome).toBe('ended');
    const byName = new Map(resumed.out.processes.map((p: AgentProcess) => [p.name, p.state]));
    expect(byName.get('boss')).toEqual({ kind: 'exited', result: 'combined' });
    expect(byName.get('helper')).toEqual({ kind: 'exited', result: 'helped' });
    expect(await toolOutcomes(ws.dir, started.out.root ?? '')).toEqual([
      'spawn_agent:ok',
      'wait_agent:ok',
    ]);
  });

  it('prints the spawned pid, a table of final states and results, and exits 0', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'm.json', {
      agents: [{ name: 'a', calls: [{ exit: { result: 7 } }] }],
    });
    const run = await runCli(
      ['run', '--image', 'base', '--goal', 'Seven', '--name', 'a', '--model', 'scripted:m.json'],
      { cwd: ws.dir },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^spawned proc_\S+ \(base@2\) on scripted:\/\S+\/m\.json\n/);
    expect(run.stdout).toMatch(/\nall processes ended \(\d+ quanta\)\n/);
    expect(run.stdout).toMatch(/^proc_\S+\s+a\s+exited\s+base@2\s+7\s+1\/1\/0\/\d+$/m);
    expect(await readFile(join(ws.dir, 'm.json'), 'utf8')).toContain('"result": 7');
  });
});
