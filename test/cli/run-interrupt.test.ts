// Stopping `run` and `resume` with their signal (Ctrl-C in the entry): quanta yield, the CLI says how to go on, exit 130.
import { describe, expect, it } from 'vitest';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { startLoopbackServer } from '../models/loopback-server.js';
import { runJson, writeScript, type RunJson } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

const KEY = { OPENAI_API_KEY: 'sk-test' };

describe('agent-libos run and resume, interrupted', () => {
  it('stops a quantum in the middle of its model call, leaves nothing running, and says how to resume', async () => {
    await using ws = await createTempWorkspace();
    // The model never answers: the quantum is in flight until the signal stops it.
    await using server = await startLoopbackServer(() => ({ hang: true }));
    const stop = new AbortController();
    void server.received(1).then(() => {
      stop.abort();
    });
    const run = await runCli(
      [
        'run',
        '--workspace',
        ws.dir,
        '--image',
        'base',
        '--goal',
        'Think forever',
        '--model',
        'openai-chat:slow',
        '--base-url',
        server.url,
      ],
      { env: KEY, signal: stop.signal },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(/^spawned proc_\S+ \(base@2\) on openai-chat:slow\n/);
    expect(run.stdout).toContain(
      `stopped; run \`agent-libos resume --workspace ${ws.dir}\` to go on\n`,
    );
    const { out } = await runJson<AgentProcess[]>(['ps', '--workspace', ws.dir]);
    expect(out.map((p) => p.state.kind)).toEqual(['runnable']);

    // The next run goes on from there, on a model that answers (set on that process: it has one).
    await writeScript(ws.dir, 'model.json', {
      agents: [{ goal: 'Think forever', calls: [{ exit: { result: 'thought' } }] }],
    });
    const resumed = await runJson<RunJson>([
      'resume',
      '--workspace',
      ws.dir,
      '--pid',
      out[0]?.pid ?? '',
      '--model',
      `scripted:${ws.dir}/model.json`,
    ]);
    expect(resumed.out.outcome).toBe('ended');
    expect(resumed.out.processes[0]?.state).toEqual({ kind: 'exited', result: 'thought' });
  });

  it('stops resume too, and names the --db it was given in the line to paste', async () => {
    await using ws = await createTempWorkspace();
    const db = `${ws.dir}/state dir/runtime.db`;
    await writeScript(ws.dir, 'model.json', {
      agents: [{ goal: 'Nap', calls: [{ sleep: { seconds: 3600 } }, { exit: { result: 1 } }] }],
    });
    const spawned = await runCli(
      [
        'spawn',
        '--workspace',
        ws.dir,
        '--db',
        db,
        '--image',
        'base',
        '--goal',
        'Nap',
        '--grant',
        'clock:sleep=use',
        '--model',
        `scripted:${ws.dir}/model.json`,
      ],
      {},
    );
    expect(spawned.code).toBe(0);
    // Stopped before it starts: the run returns at once and the process stays runnable.
    const stopped = await runCli(['resume', '--workspace', ws.dir, '--db', db, '--json'], {
      signal: AbortSignal.abort(),
    });
    expect(stopped.code).toBe(130);
    const json = JSON.parse(stopped.stdout) as { outcome: string; message: string; resume: string };
    const resume = `agent-libos resume --workspace ${ws.dir} --db '${db}'`;
    expect(json).toEqual({
      outcome: 'interrupted',
      message: `stopped; run \`${resume}\` to go on`,
      resume,
    });
    const { out } = await runJson<AgentProcess[]>(['ps', '--workspace', ws.dir, '--db', db]);
    expect(out.map((p) => p.state.kind)).toEqual(['runnable']);
  });
});
