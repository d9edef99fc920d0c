// The built `agent-libos` command under real signals: Ctrl-C stops a run cleanly, a second one at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { BIN, ROOT, skipWithoutBuild } from '../support/built-cli.js';
import { useChildGuard } from '../support/child-guard.js';
import { runJson, writeScript } from './agent-fixture.js';
import { createTempWorkspace } from './cli-harness.js';

/** A root that sleeps on a durable timer for an hour: the run goes on until it is stopped. */
async function startSleepyRun(
  guard: ReturnType<typeof useChildGuard>,
  dir: string,
): Promise<{ child: ChildProcess; output: () => string; started: Promise<void> }> {
  const script = await writeScript(dir, 'model.json', {
    agents: [{ goal: 'Nap', calls: [{ sleep: { seconds: 3600 } }, { exit: { result: 1 } }] }],
  });
  const child = guard.track(
    spawn(
      process.execPath,
      [
        BIN,
        'run',
        '--workspace',
        dir,
        '--image',
        'base',
        '--goal',
        'Nap',
        '--grant',
        'clock:sleep=use',
        '--model',
        `scripted:${script}`,
      ],
      { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  let stdout = '';
  const started = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('spawned proc_')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`the run exited (${String(code)}) before it started: ${stdout}`));
    });
  });
  child.stderr.resume();
  return { child, output: () => stdout, started };
}

async function exitCodeOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe.skipIf(skipWithoutBuild('bin/agent-libos.js under SIGINT and SIGTERM'))(
  'bin/agent-libos.js under SIGINT and SIGTERM',
  () => {
    const guard = useChildGuard();

    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`stops a run on ${signal}: nothing left running, says how to resume, exits 130`, async () => {
        await using ws = await createTempWorkspace();
        const run = await startSleepyRun(guard, ws.dir);
        await run.started;
        run.child.kill(signal);
        expect(await exitCodeOf(run.child)).toBe(130);
        expect(run.output()).toContain(
          `stopped; run \`agent-libos resume --workspace ${ws.dir}\` to go on\n`,
        );
        const { out } = await runJson<AgentProcess[]>(['ps', '--workspace', ws.dir]);
        expect(out).toHaveLength(1);
        expect(out.filter((p) => p.state.kind === 'running')).toEqual([]);
      });
    }

    it('exits 130 at once on a second Ctrl-C, and the database opens again after it', async () => {
      await using ws = await createTempWorkspace();
      const run = await startSleepyRun(guard, ws.dir);
      await run.started;
      run.child.kill('SIGINT');
      run.child.kill('SIGINT');
      expect(await exitCodeOf(run.child)).toBe(130);
      const { out } = await runJson<AgentProcess[]>(['ps', '--workspace', ws.dir]);
      expect(out).toHaveLength(1);
    });
  },
);
