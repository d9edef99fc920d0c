// A workspace (or state directory) under a system directory the sandbox binds read-only —
// `/usr/src/app` in many container images — is not reachable by its host path: the command sees
// the workspace only at /workspace, as its grants planned it.
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRuntime } from '../../../src/open-runtime.js';
import type { ShellRunOutput } from '../../../src/syscalls/shell/run.js';
import { hasSandbox } from './exec-kit.js';

// /opt is bound read-only in the sandbox; a test workspace can be made there when running as root.
const SYSTEM_PARENT = '/opt';
const canWrite = ((): boolean => {
  try {
    accessSync(SYSTEM_PARENT, constants.W_OK);
    return true;
  } catch {
    return false;
  }
})();

if (hasSandbox && !canWrite)
  console.warn(
    `SKIPPED: the system-directory workspace test needs write access to ${SYSTEM_PARENT}`,
  );

describe.runIf(hasSandbox && canWrite)('a workspace under a bound system directory', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is hidden at its host path; only what the grants plan appears at /workspace', async () => {
    const base = mkdtempSync(join(SYSTEM_PARENT, 'libos-ws-test-'));
    made.push(base);
    const workspace = join(base, 'workspace');
    mkdirSync(workspace);
    writeFileSync(join(workspace, '.env'), 'API_KEY=secret\n');
    writeFileSync(join(workspace, 'a.txt'), 'visible\n');
    const outputs: ShellRunOutput[] = [];
    const runtime = await openRuntime({
      workspace,
      db: join(base, 'state', 'runtime.db'),
      body: async (ctx) => {
        for (const path of [join(workspace, '.env'), join(base, 'state', 'runtime.db')]) {
          const result = await ctx.syscall('shell.run', {
            argv: ['cat', path, '/workspace/a.txt'],
          });
          if (!result.blocked) outputs.push(result.value as ShellRunOutput);
        }
        await ctx.exit(null);
      },
    });
    try {
      const p = await runtime.spawn({ imageId: 'base', goal: 'read by host path' });
      await runtime.grant({ subject: p.pid, resource: 'shell:cat', rights: 'execute' });
      await runtime.grant({ subject: p.pid, resource: 'fs:a.txt', rights: 'read' });
      await runtime.run();
    } finally {
      await runtime.close();
    }
    expect(outputs).toHaveLength(2);
    for (const output of outputs) {
      expect(output.stdout).toBe('visible\n');
      expect(output.stderr).toMatch(/No such file or directory/);
      expect(output.stdout + output.stderr).not.toContain('API_KEY');
    }
  });
});
