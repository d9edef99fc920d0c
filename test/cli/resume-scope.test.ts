// `resume --pid` runs only that subtree; `resume --model` changes only what it says it changes.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { openRuntime } from '../../src/open-runtime.js';
import { runJson, writeScript, type RunJson } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

type ResumeJson = RunJson & {
  modelChanges: { pid: string; from: string | null; to: string }[];
};

async function spawnAgent(dir: string, name: string): Promise<string> {
  const { out } = await runJson<{ process: AgentProcess }>([
    'spawn',
    '--workspace',
    dir,
    '--image',
    'base',
    '--goal',
    `Be ${name}`,
    '--name',
    name,
    '--model',
    `scripted:${join(dir, 'model.json')}`,
  ]);
  return out.process.pid;
}

async function stateOf(dir: string, pid: string): Promise<string> {
  const { out } = await runJson<AgentProcess[]>(['ps', '--workspace', dir]);
  return out.find((p) => p.pid === pid)?.state.kind ?? 'missing';
}

describe('agent-libos resume --pid', () => {
  it('runs only that process, leaving the others queued for a later resume', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', {
      agents: [
        { name: 'a', calls: [{ exit: { result: 'a done' } }] },
        { name: 'b', calls: [{ exit: { result: 'b done' } }] },
      ],
    });
    const a = await spawnAgent(ws.dir, 'a');
    const b = await spawnAgent(ws.dir, 'b');
    const text = await runCli(['resume', '--workspace', ws.dir, '--pid', a]);
    expect(text.stdout).toMatch(new RegExp(`^resuming ${a} and its descendants\\n`));
    expect(await stateOf(ws.dir, a)).toBe('exited');
    expect(await stateOf(ws.dir, b)).toBe('runnable');
    await runCli(['resume', '--workspace', ws.dir]);
    expect(await stateOf(ws.dir, b)).toBe('exited');
  });
});

describe('agent-libos resume --model', () => {
  it('without --pid sets the model only on live processes that have none, and says which', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', { agents: [] });
    await writeScript(ws.dir, 'other.json', { agents: [] });
    const own = await spawnAgent(ws.dir, 'own');
    const rt = await openRuntime({ workspace: ws.dir });
    const bare = (await rt.spawn({ imageId: 'base', goal: 'Have no model' })).pid;
    await rt.close();
    const other = `scripted:${join(ws.dir, 'other.json')}`;
    const { out } = await runJson<ResumeJson>(
      ['resume', '--workspace', ws.dir, '--model', 'scripted:other.json', '--max-quanta', '1'],
      { cwd: ws.dir },
    );
    expect(out.modelChanges).toEqual([{ pid: bare, from: null, to: other }]);
    const sets = await runJson<{ pid: string; data: { model: string } }[]>([
      'journal',
      'list',
      '--workspace',
      ws.dir,
      '--type',
      'process.model-set',
    ]);
    expect(sets.out.map((e) => [e.pid, e.data.model])).toEqual([
      [own, `scripted:${join(ws.dir, 'model.json')}`],
      [bare, other],
    ]);
    const again = await runCli(['resume', '--workspace', ws.dir, '--model', other]);
    expect(again.stdout).toMatch(/^no model changed: every live process has a model of its own/);
  });

  it('with --pid sets it on that process and prints the change from old to new', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', { agents: [] });
    await writeScript(ws.dir, 'other.json', { agents: [] });
    const pid = await spawnAgent(ws.dir, 'solo');
    const text = await runCli(
      ['resume', '--workspace', ws.dir, '--pid', pid, '--model', 'scripted:other.json'],
      { cwd: ws.dir },
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `model of ${pid}: scripted:${join(ws.dir, 'model.json')} → scripted:${join(ws.dir, 'other.json')}\n`,
    );
  });
});

describe('agent-libos resume with paused processes', () => {
  it('says how to continue each paused process', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', { agents: [] });
    const pid = await spawnAgent(ws.dir, 'held');
    await runCli(['pause', pid, '--workspace', ws.dir]);
    const text = await runCli(['resume', '--workspace', ws.dir]);
    expect(text.stdout).toMatch(/idle: 1 process still live \(paused\)/);
    expect(text.stdout).toContain(
      'paused: continue each with `agent-libos continue <pid>`, then `agent-libos resume`\n' +
        `  agent-libos continue ${pid}    # paused:operator\n`,
    );
  });
});
