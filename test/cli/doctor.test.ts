// `agent-libos doctor`: each part of the host checked for real, and the exit code says whether the
// runtime can work here at all.
import { describe, expect, it } from 'vitest';
import type { DoctorCheck } from '../../src/cli/commands/doctor.js';
import { hasSandbox } from '../security/exec/exec-kit.js';
import { runCli } from './cli-harness.js';

describe('agent-libos doctor', () => {
  it('reports Node, SQLite, bubblewrap, the command limits, Deno and Chromium', async () => {
    const run = await runCli(['doctor', '--json']);
    expect(run.code).toBe(0);
    const checks = JSON.parse(run.stdout) as DoctorCheck[];
    const byName = new Map(checks.map((c) => [c.name, c]));
    expect([...byName.keys()]).toEqual([
      'node',
      'sqlite',
      'bubblewrap',
      'command limits',
      'deno',
      'chromium',
    ]);
    expect(byName.get('node')).toMatchObject({ status: 'ok', version: process.versions.node });
    expect(byName.get('sqlite')?.status).toBe('ok');
    expect(byName.get('sqlite')?.version).toMatch(/^3\.\d+\.\d+$/);
    // The deno npm package is a dependency: its binary runs a real guest here.
    expect(byName.get('deno')).toMatchObject({ status: 'ok' });
    expect(byName.get('deno')?.version).toMatch(/^\d+\.\d+\.\d+$/);
    if (hasSandbox) {
      expect(byName.get('bubblewrap')).toMatchObject({ status: 'ok' });
      expect(byName.get('bubblewrap')?.detail).toMatch(/makes sandboxes/);
    } else {
      expect(byName.get('bubblewrap')?.status).toBe('missing');
      expect(byName.get('bubblewrap')?.detail).toMatch(/apt-get install bubblewrap/);
    }
  });

  it('prints one line per part', async () => {
    const run = await runCli(['doctor']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^ok\s+node\s+\d+\.\d+\.\d+\s+supported \(the runtime\)$/);
  });
});
