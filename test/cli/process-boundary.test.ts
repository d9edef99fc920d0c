// The CLI as a real OS process: exit codes, and read-only commands beside a writer holding the lock.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/base/clock.js';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { openRuntime } from '../../src/open-runtime.js';
import { useChildGuard } from '../support/child-guard.js';
import { killAndWait } from '../support/kill-and-wait.js';
import { countRows, createTempWorkspace, type CliRun } from './cli-harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli/run.ts', import.meta.url));
const HOLDER = fileURLToPath(new URL('./fixtures/hold-writer.ts', import.meta.url));

// Every CLI process and lock holder a test starts is killed when the test ends, even by a timeout.
const guard = useChildGuard();

/** Runs the CLI from source as a real OS process. */
async function runProcess(args: readonly string[]): Promise<CliRun> {
  const child = guard.track(
    spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, AGENT_LIBOS_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code: code ?? -1, stdout, stderr };
}

/** Starts a process that opens a runtime on `workspace` and holds its writer lock. */
function startHolder(workspace: string): ChildProcess {
  return guard.track(
    spawn(process.execPath, ['--import', 'tsx', HOLDER, workspace], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
}

/** Resolves once the holder says it holds the lock. */
async function untilReady(child: ChildProcess): Promise<void> {
  let seen = '';
  for await (const chunk of child.stdout ?? []) {
    seen += (chunk as Buffer).toString();
    if (seen.includes('ready\n')) return;
  }
  throw new Error('the writer-lock holder exited before it was ready');
}

// Each CLI process starts Node with tsx from source: seconds apiece on a loaded machine.
describe('the CLI as a real process', { timeout: 180_000 }, () => {
  it('returns exit codes across the process boundary', async () => {
    await using ws = await createTempWorkspace();
    const missing = await runProcess(['ps', '--workspace', ws.dir]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error NOT_FOUND: /);
    const malformed = await runProcess(['journal', 'list', '--pid', 'nope', '--json']);
    expect(malformed.code).toBe(2);
    expect(JSON.parse(malformed.stdout)).toMatchObject({ error: { code: 'INVALID_ID' } });
    const usage = await runProcess(['frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown command 'frobnicate'");
  });

  it('reads with ps and journal verify while another process holds the writer lock', async () => {
    await using ws = await createTempWorkspace();
    const rt = await openRuntime({
      workspace: ws.dir,
      clock: createManualClock(),
      body: async (ctx) => {
        await ctx.exit(null);
      },
    });
    let p: AgentProcess;
    try {
      p = await rt.spawn({ imageId: 'base', goal: 'say hello' });
      await rt.run();
      expect((await rt.get(p.pid)).state.kind).toBe('exited');
    } finally {
      await rt.close();
    }
    const before = countRows(ws.dbPath);
    const holder = startHolder(ws.dir);
    try {
      await untilReady(holder);
      const ps = await runProcess(['ps', '--json', '--workspace', ws.dir]);
      expect(ps.code).toBe(0);
      expect(JSON.parse(ps.stdout)).toHaveLength(1);
      const verify = await runProcess(['journal', 'verify', '--workspace', ws.dir]);
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(
        new RegExp(`^journal intact: ${before.journal} entries, \\d+ anchors checked\n$`),
      );
      const init = await runProcess(['init', '--workspace', ws.dir]);
      expect(init.code).toBe(0);
      expect(init.stdout).toMatch(/^already initialized: /);
      // Writing is what the lock refuses: running agents needs the writer lock.
      const resume = await runProcess(['resume', '--workspace', ws.dir]);
      expect(resume.code).toBe(7);
      expect(resume.stderr).toMatch(/^error STORE_LOCKED: Resuming the agents failed: /);
      // So do operator commands that write: a grant waits until no runtime runs.
      const grant = await runProcess(['caps', 'grant', p.pid, 'fs:x=read', '--workspace', ws.dir]);
      expect(grant.code).toBe(7);
      expect(grant.stderr).toMatch(/^error STORE_LOCKED: Granting a capability failed: /);
      const caps = await runProcess(['caps', 'list', '--json', '--workspace', ws.dir]);
      expect(caps.code).toBe(0);
    } finally {
      await killAndWait(holder);
    }
    expect(countRows(ws.dbPath)).toEqual(before);
  });
});
