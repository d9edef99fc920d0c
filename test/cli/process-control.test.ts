// spawn, resume, kill, pause, continue and message: the operator's process commands.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { runJson, writeScript, type RunJson } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

/** `spawn` a base agent named `name` on `<dir>/<script>` and return its pid. */
async function spawnAgent(dir: string, name: string, script = 'model.json'): Promise<string> {
  const run = await runCli([
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
    `scripted:${join(dir, script)}`,
  ]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^proc_[0-9a-z]+\n$/);
  return run.stdout.trim();
}

async function stateOf(dir: string, pid: string): Promise<AgentProcess['state']> {
  const { out } = await runJson<AgentProcess[]>(['ps', '--workspace', dir]);
  const found = out.find((p) => p.pid === pid);
  expect(found).toBeDefined();
  return found?.state ?? { kind: 'runnable' };
}

describe('agent-libos spawn and resume', () => {
  it('spawns without running, remembers the model, and resume runs it to the end', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', {
      agents: [{ name: 'solo', calls: [{ exit: { result: 'solo done' } }] }],
    });
    const pid = await spawnAgent(ws.dir, 'solo');
    expect(await stateOf(ws.dir, pid)).toEqual({ kind: 'runnable' });
    const spawned = await runJson<JournalEntry[]>([
      'journal',
      'list',
      '--workspace',
      ws.dir,
      '--type',
      'process.model-set',
    ]);
    expect(spawned.out.map((e) => [e.pid, e.data.model])).toEqual([
      [pid, `scripted:${join(ws.dir, 'model.json')}`],
    ]);
    const text = await runCli(['resume', '--workspace', ws.dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^resuming 1 live process\n/);
    expect(text.stdout).toMatch(/all processes ended/);
    expect(await stateOf(ws.dir, pid)).toEqual({ kind: 'exited', result: 'solo done' });
  });

  it('resume --model overrides the remembered model of --pid, and remembers it', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', { agents: [] });
    await writeScript(ws.dir, 'other.json', {
      agents: [{ name: 'solo', calls: [{ exit: { result: 'from the other model' } }] }],
    });
    const pid = await spawnAgent(ws.dir, 'solo');
    const { out } = await runJson<RunJson & { recovery: unknown }>(
      ['resume', '--workspace', ws.dir, '--pid', pid, '--model', 'scripted:other.json'],
      { cwd: ws.dir },
    );
    expect(out.outcome).toBe('ended');
    expect(out.processes[0]?.state).toEqual({ kind: 'exited', result: 'from the other model' });
    const sets = await runJson<JournalEntry[]>([
      'journal',
      'list',
      '--workspace',
      ws.dir,
      '--type',
      'process.model-set',
    ]);
    expect(sets.out.map((e) => e.data.model)).toEqual([
      `scripted:${join(ws.dir, 'model.json')}`,
      `scripted:${join(ws.dir, 'other.json')}`,
    ]);
  });

  it('resume on a database with nothing live ends at once', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', { agents: [] });
    await spawnAgent(ws.dir, 'solo');
    await runCli(['resume', '--workspace', ws.dir]);
    const { out } = await runJson<RunJson>(['resume', '--workspace', ws.dir]);
    expect(out).toMatchObject({ outcome: 'ended', quanta: 0, processes: [], pending: [] });
  });
});

describe('agent-libos kill, pause, continue and message', () => {
  it('pauses a process so resume leaves it, and continue lets the next resume run it', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', {
      agents: [{ name: 'solo', calls: [{ exit: { result: 'went on' } }] }],
    });
    const pid = await spawnAgent(ws.dir, 'solo');
    const paused = await runCli(['pause', pid, '--workspace', ws.dir]);
    expect(paused.stdout).toBe(`${pid}: paused:operator\n`);
    const idle = await runJson<RunJson>(['resume', '--workspace', ws.dir, '--pid', pid]);
    expect(idle.out.outcome).toBe('idle');
    expect(idle.run.code).toBe(22);
    expect(idle.out.message).toMatch(/^idle: 1 process still live \(paused\)/);
    const continued = await runJson<AgentProcess>(['continue', pid, '--workspace', ws.dir]);
    expect(continued.out.state).toEqual({ kind: 'runnable' });
    await runCli(['resume', '--workspace', ws.dir]);
    expect(await stateOf(ws.dir, pid)).toEqual({ kind: 'exited', result: 'went on' });
    const again = await runCli(['continue', pid, '--workspace', ws.dir]);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/^error ILLEGAL_TRANSITION: /);
  });

  it('kills a process and its subtree; killing it again is refused', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', { agents: [] });
    const pid = await spawnAgent(ws.dir, 'victim');
    const killed = await runCli(['kill', pid, '--workspace', ws.dir]);
    expect(killed.stderr).toBe('');
    expect(killed.stdout).toBe(`${pid}: killed:terminate\n`);
    const again = await runCli(['kill', pid, '--workspace', ws.dir]);
    expect(again.code).toBe(4);
    const missing = await runCli(['kill', 'proc_0000000000nothere', '--workspace', ws.dir]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error NOT_FOUND: /);
  });

  it('delivers a message that wakes an agent waiting for one', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', {
      agents: [
        {
          name: 'listener',
          calls: [{ receive_messages: { wait: true } }, { exit: { result: 'heard it' } }],
        },
      ],
    });
    const pid = await spawnAgent(ws.dir, 'listener');
    const waiting = await runJson<RunJson>(['resume', '--workspace', ws.dir]);
    expect(waiting.out.outcome).toBe('idle');
    expect(waiting.out.processes[0]?.state).toMatchObject({
      kind: 'waiting',
      wait: { on: 'message' },
    });
    const sent = await runCli(['message', pid, 'hello there', '--workspace', ws.dir]);
    expect(sent.stderr).toBe('');
    expect(sent.stdout).toMatch(new RegExp(`^sent msg_\\S+ to ${pid}\\n$`));
    const done = await runJson<RunJson>(['resume', '--workspace', ws.dir]);
    expect(done.out.processes[0]?.state).toEqual({ kind: 'exited', result: 'heard it' });
    const received = await runJson<JournalEntry[]>([
      'journal',
      'list',
      '--workspace',
      ws.dir,
      '--type',
      'message.received',
    ]);
    expect(received.out.map((e) => e.pid)).toEqual([pid]);
  });

  it('sends an interrupt with --interrupt and refuses an empty text', async () => {
    await using ws = await createTempWorkspace();
    await writeScript(ws.dir, 'model.json', { agents: [] });
    const pid = await spawnAgent(ws.dir, 'solo');
    const { out } = await runJson<{ id: string; pid: string; interrupt: boolean }>([
      'message',
      pid,
      'stop and look',
      '--interrupt',
      '--workspace',
      ws.dir,
    ]);
    expect(out).toMatchObject({ pid, interrupt: true });
    expect(out.id).toMatch(/^msg_/);
    const empty = await runCli(['message', pid, ' ', '--workspace', ws.dir]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^error INVALID_INPUT: /);
  });
});
