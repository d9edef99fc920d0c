// `agent-libos serve` end to end: the built CLI in child processes, operator commands from others.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HumanRequest } from '../../src/kernel/approval/types.js';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { BIN, ROOT, skipWithoutBuild } from '../support/built-cli.js';
import { useChildGuard, type ChildGuard } from '../support/child-guard.js';
import { runJson, writeScript } from '../cli/agent-fixture.js';
import { createTempWorkspace, runCli } from '../cli/cli-harness.js';

/** A child running the built CLI, its output as it comes. */
interface CliChild {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the first value `find` returns for the output so far. */
  until<T>(find: (child: CliChild) => T | undefined): Promise<T>;
}

function startCli(guard: ChildGuard, args: readonly string[]): CliChild {
  const child = guard.track(
    spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const state: CliChild = {
    child,
    stdout: '',
    stderr: '',
    until: (find) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = find(state);
          if (found !== undefined) {
            child.stdout.off('data', check);
            child.stderr.off('data', check);
            resolve(found);
          }
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        child.once('exit', (code) => {
          reject(new Error(`exited (${String(code)}): ${state.stdout} ${state.stderr}`));
        });
        check();
      }),
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (state.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (state.stderr += chunk));
  return state;
}

/** Starts `serve --json` on a free port and waits until it listens. */
async function startServe(guard: ChildGuard, workspace: string): Promise<CliChild> {
  const serve = startCli(guard, ['serve', '--workspace', workspace, '--port', '0', '--json']);
  await serve.until((s) => (s.stderr.includes('"event":"serve.listening"') ? true : undefined));
  return serve;
}

async function exitCodeOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function processes(workspace: string): Promise<AgentProcess[]> {
  return (await runJson<AgentProcess[]>(['ps', '--workspace', workspace])).out;
}

/** A writer whose write of REPORT.md needs a human's approval, then it ends. */
async function writerScript(dir: string): Promise<string> {
  return writeScript(dir, 'model.json', {
    agents: [
      {
        goal: 'Write the report',
        calls: [
          { write_file: { path: 'REPORT.md', content: 'approved text\n' } },
          { exit: { result: 'written' } },
        ],
      },
      { goal: 'Nap', calls: [{ sleep: { seconds: 3600 } }, { exit: { result: 'rested' } }] },
    ],
  });
}

function spawnWriter(workspace: string, script: string): Promise<string> {
  return runJson<{ process: AgentProcess }>([
    'spawn',
    '--workspace',
    workspace,
    '--image',
    'base',
    '--goal',
    'Write the report',
    '--grant',
    'fs:REPORT.md=write',
    '--ask',
    'fs:REPORT.md=write',
    '--model',
    `scripted:${script}`,
  ]).then(({ out }) => out.process.pid);
}

describe.skipIf(skipWithoutBuild('agent-libos serve'))('agent-libos serve', () => {
  const guard = useChildGuard();

  it('takes spawn, watch, decide, message, grant, pause, continue and kill from other processes while it runs', async () => {
    await using ws = await createTempWorkspace();
    const script = await writerScript(ws.dir);
    const serve = await startServe(guard, ws.dir);
    const watch = startCli(guard, ['approvals', 'watch', '--workspace', ws.dir, '--json']);

    // The service owns the database; spawn goes through it and the process starts at once.
    const pid = await spawnWriter(ws.dir, script);
    const request = await watch.until((w) => {
      const line = w.stdout.split('\n').find((l) => l.startsWith('{'));
      return line === undefined ? undefined : (JSON.parse(line) as HumanRequest);
    });
    expect(request).toMatchObject({
      pid,
      state: { kind: 'pending' },
      body: { kind: 'permission', resource: 'fs:REPORT.md', rights: ['write'] },
    });
    expect(existsSync(join(ws.dir, 'REPORT.md'))).toBe(false);

    const decided = await runCli([
      'approvals',
      'decide',
      request.id,
      'allow_once',
      '--workspace',
      ws.dir,
    ]);
    expect(decided.stderr).toBe('');
    expect(decided.code).toBe(0);
    expect(decided.stdout).toContain(`${pid} continues now`);
    const ended = await until(
      async () => (await processes(ws.dir)).find((p) => p.pid === pid),
      (p) => p?.state.kind === 'exited',
    );
    expect(ended?.state).toEqual({ kind: 'exited', result: 'written' });
    expect(readFileSync(join(ws.dir, 'REPORT.md'), 'utf8')).toBe('approved text\n');

    // A sleeper: message it, grant it a record, pause, continue, then kill it; no STORE_LOCKED.
    const napper = (
      await runJson<{ process: AgentProcess }>([
        'spawn',
        '--workspace',
        ws.dir,
        '--image',
        'base',
        '--goal',
        'Nap',
        '--grant',
        'clock:sleep=use',
        '--model',
        `scripted:${script}`,
      ])
    ).out.process.pid;
    await until(
      async () => (await processes(ws.dir)).find((p) => p.pid === napper),
      (p) => p?.state.kind === 'waiting',
    );
    for (const args of [
      ['message', napper, 'hello'],
      ['caps', 'grant', napper, 'fs:notes/**=read'],
      ['pause', napper],
      ['continue', napper],
    ]) {
      const run = await runCli([...args, '--workspace', ws.dir]);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    }
    const killed = await runJson<AgentProcess>(['kill', napper, '--workspace', ws.dir]);
    expect(killed.out.state.kind).toBe('killed');

    // SIGTERM stops the service cleanly: exit 0, nothing running, the live note gone.
    serve.child.kill('SIGTERM');
    expect(await exitCodeOf(serve.child)).toBe(0);
    expect(serve.stderr).toContain('"event":"serve.stopped"');
    expect((await processes(ws.dir)).filter((p) => p.state.kind === 'running')).toEqual([]);
    const note = await runCli(['kill', napper, '--workspace', ws.dir]);
    // With no live runtime the command opens the database itself (and the process has ended).
    expect(note.stderr).toMatch(/^error ILLEGAL_TRANSITION:/);
  });

  it('loses and repeats nothing when the service is SIGKILLed while a request is pending', async () => {
    await using ws = await createTempWorkspace();
    const script = await writerScript(ws.dir);
    const first = await startServe(guard, ws.dir);
    const pid = await spawnWriter(ws.dir, script);
    const [request] = await until(
      async () => (await runJson<HumanRequest[]>(['approvals', 'list', '--workspace', ws.dir])).out,
      (pending) => pending.length === 1,
    );
    first.child.kill('SIGKILL');
    await exitCodeOf(first.child);

    // A fresh service recovers; the request is still pending and deciding it finishes the work once.
    const second = await startServe(guard, ws.dir);
    const listed = await runJson<HumanRequest[]>(['approvals', 'list', '--workspace', ws.dir]);
    expect(listed.out.map((r) => r.id)).toEqual([request?.id]);
    const decided = await runCli([
      'approvals',
      'decide',
      request?.id ?? '',
      'allow_once',
      '--workspace',
      ws.dir,
    ]);
    expect(decided.code).toBe(0);
    await until(
      async () => (await processes(ws.dir)).find((p) => p.pid === pid),
      (p) => p?.state.kind === 'exited',
    );
    expect(readFileSync(join(ws.dir, 'REPORT.md'), 'utf8')).toBe('approved text\n');
    const { out: tools } = await runJson<JournalEntry[]>([
      'journal',
      'list',
      '--workspace',
      ws.dir,
      '--pid',
      pid,
      '--type',
      'tool.completed',
    ]);
    // The write ran once, after the decision: not lost with the first service, not repeated.
    expect(tools.map((e) => [e.data.tool, e.data.isError === true])).toEqual([
      ['write_file', false],
    ]);
    const requests = await runJson<HumanRequest[]>([
      'approvals',
      'list',
      '--all',
      '--workspace',
      ws.dir,
    ]);
    expect(requests.out).toHaveLength(1);
    second.child.kill('SIGTERM');
    expect(await exitCodeOf(second.child)).toBe(0);
    const verified = await runCli(['journal', 'verify', '--workspace', ws.dir]);
    expect(verified.code).toBe(0);
  });
});
