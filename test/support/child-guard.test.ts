// useChildGuard: a test that throws or times out after starting a child leaves no child running.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useChildGuard } from './child-guard.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const CONFIG = 'test/support/fixtures/child-guard.config.ts';

/** Whether `pid` is a live process (a zombie waiting to be reaped counts as gone). Linux only. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('useChildGuard', () => {
  const guard = useChildGuard();

  it('kills the children of tests that failed or timed out', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'libos-child-guard-'));
    let pids: number[] = [];
    try {
      const pidsFile = join(dir, 'pids.txt');
      // The nested vitest is itself a child of this test: the guard cleans it up if this fails.
      const nested = guard.track(
        spawn(process.execPath, [VITEST, 'run', '--config', CONFIG], {
          cwd: ROOT,
          env: { ...process.env, CHILD_GUARD_PIDS: pidsFile, FORCE_COLOR: '0' },
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
      let output = '';
      nested.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      nested.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const [code] = (await once(nested, 'close')) as [number | null];
      pids = (await readFile(pidsFile, 'utf8')).trim().split('\n').map(Number);
      // All three fixture tests ended badly, as planned; each had started a child.
      expect(code, output).toBe(1);
      expect(output).toMatch(/planned failure/);
      expect(output).toMatch(/Test timed out in 1000ms/);
      expect(output).toMatch(/3 failed/);
      expect(pids).toHaveLength(3);
      expect(pids.filter(isRunning)).toEqual([]);
    } finally {
      for (const pid of pids.filter(isRunning)) process.kill(pid, 'SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
