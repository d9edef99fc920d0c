// Storage failures through the real CLI: each says what happened, with the path and the fix, and changes nothing.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, skipWithoutBuild } from '../support/built-cli.js';
import { startTsxChild } from '../support/start-tsx-child.js';
import { useChildGuard, type ChildGuard } from '../support/child-guard.js';
import { writeScript } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

/** Permission bits do not stop root from writing, so as root the unwritable case runs as nobody. */
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/**
 * Runs the CLI where permission bits bind: in-process for an ordinary user, and as root the built
 * CLI as user nobody, with a scrubbed environment.
 */
async function runLocked(
  guard: ChildGuard,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stderr: string }> {
  if (!isRoot) return runCli(args, { env });
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    uid: NOBODY,
    gid: NOBODY,
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  guard.track(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

async function runArgs(dir: string): Promise<string[]> {
  const script = await writeScript(dir, 'model.json', {
    agents: [{ goal: 'Ok', calls: [{ exit: { result: 1 } }] }],
  });
  return [
    'run',
    '--workspace',
    dir,
    '--image',
    'base',
    '--goal',
    'Ok',
    '--model',
    `scripted:${script}`,
  ];
}

describe('agent-libos storage errors', () => {
  const guard = useChildGuard();

  it('refuses a --db under a regular file with INVALID_INPUT naming it, creating nothing', async () => {
    await using ws = await createTempWorkspace();
    const file = join(ws.dir, 'not-a-dir');
    await writeFile(file, 'x');
    const args = await runArgs(ws.dir);
    const before = await readdir(ws.dir);
    for (const db of [join(file, 'x.db'), join(file, 'deeper', 'x.db')]) {
      const run = await runCli([...args, '--db', db]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `error INVALID_INPUT: Creating the state directory failed: ${file} is a file, so no directory can be made there for ${db}; choose a database path under a directory\n`,
      );
    }
    const init = await runCli([
      'init',
      '--workspace',
      ws.dir,
      '--db',
      join(file, 'x.db'),
      '--json',
    ]);
    expect(init.code).toBe(2);
    expect(JSON.parse(init.stdout)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await readdir(ws.dir)).toEqual(before);
  });

  it('refuses a --db that is a directory with INVALID_INPUT, for writers and readers alike, creating nothing', async () => {
    await using ws = await createTempWorkspace();
    const dir = join(ws.dir, 'state');
    await mkdir(dir);
    const args = await runArgs(ws.dir);
    const said = `${dir} is a directory, not a database file; name a file in it instead, e.g. ${join(dir, 'runtime.db')}\n`;
    const run = await runCli([...args, '--db', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error INVALID_INPUT: [^:]+ failed: /);
    expect(run.stderr.endsWith(said)).toBe(true);
    const resume = await runCli(['resume', '--workspace', ws.dir, '--db', dir]);
    expect(resume.code).toBe(2);
    expect(resume.stderr).toBe(`error INVALID_INPUT: Opening the store read-only failed: ${said}`);
    const ps = await runCli(['ps', '--workspace', ws.dir, '--db', dir]);
    expect(ps.code).toBe(2);
    expect(ps.stderr).toMatch(/^error INVALID_INPUT: .* is a directory, not a database file/);
    expect(await readdir(dir)).toEqual([]);
    expect((await readdir(ws.dir)).sort()).toEqual(['model.json', 'state']);
  });

  it.skipIf(isRoot && skipWithoutBuild('the unwritable-directory test as user nobody'))(
    'refuses an unwritable --db directory and a read-only state home with NOT_PERMITTED, creating nothing',
    async () => {
      await using ws = await createTempWorkspace();
      const locked = join(ws.dir, 'locked');
      await mkdir(locked);
      // Root ignores permission bits, so as root the built CLI runs as nobody: the workspace is
      // opened to it and the locked directory stays root's, mode 0555.
      await chmod(ws.dir, 0o755);
      await chmod(locked, isRoot ? 0o555 : 0o500);
      try {
        const args = await runArgs(ws.dir);
        const run = await runLocked(guard, [...args, '--db', join(locked, 'x.db')]);
        expect(run.code).toBe(5);
        expect(run.stderr).toMatch(
          new RegExp(
            `^error NOT_PERMITTED: Creating the state directory failed: ${locked} is not writable by this user .*choose a database path in a directory you can write to`,
          ),
        );
        const home = await runLocked(guard, args, { AGENT_LIBOS_STATE_HOME: join(locked, 'home') });
        expect(home.code).toBe(5);
        expect(home.stderr).toMatch(
          new RegExp(`^error NOT_PERMITTED: .*${locked} is not writable`),
        );
        expect(await readdir(locked)).toEqual([]);
      } finally {
        await chmod(locked, 0o700);
      }
    },
  );

  it('names the lock file, the pid holding it, that it runs, and the fix when another process writes', async () => {
    await using ws = await createTempWorkspace();
    const db = join(ws.dir, 'db', 'runtime.db');
    const args = await runArgs(ws.dir);
    expect((await runCli(['init', '--workspace', ws.dir, '--db', db])).code).toBe(0);
    const writer = startTsxChild('test/store/writer-child.ts', [db], {
      until: (out) => (out.includes('ready\n') ? true : undefined),
      timeoutMs: 60_000,
    });
    guard.track(writer.child);
    await writer.ready;
    const pid = writer.child.pid ?? 0;
    const run = await runCli([...args, '--db', db]);
    expect(run.code).toBe(7);
    expect(run.stderr).toMatch(
      new RegExp(
        `^error STORE_LOCKED: Running an agent failed: another runtime holds the writer lock ${db}-writer\\.lock: process ${pid} \\(running, since [^)]+\\); wait for it to finish, or stop it \\(kill ${pid}\\) and try again\\n$`,
      ),
    );
    const json = await runCli(['resume', '--workspace', ws.dir, '--db', db, '--json']);
    expect(json.code).toBe(7);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: 'STORE_LOCKED', details: { ownerPid: pid, isOwnerAlive: true } },
    });
  });
});
