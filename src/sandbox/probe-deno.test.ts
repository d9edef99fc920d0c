import { describe, expect, it } from 'vitest';
import { denoEnvironment, denoRunFlags } from './deno-command.js';
import { probeDeno } from './probe-deno.js';

describe('probeDeno', () => {
  it('runs the Deno binary from node_modules and a guest with no permissions', async () => {
    const probe = await probeDeno();
    expect(probe.ok).toBe(true);
    expect(probe.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(probe.path).toContain('node_modules');
  });
});

describe('the Deno command line', () => {
  it('grants no permission and passes none of the host environment', () => {
    const flags = denoRunFlags({ heapMiB: 64 });
    expect(flags.filter((f) => f.startsWith('--allow') || f === '-A')).toEqual([]);
    expect(flags).toEqual(
      expect.arrayContaining([
        '--no-prompt',
        '--no-remote',
        '--no-npm',
        '--no-config',
        '--no-lock',
      ]),
    );
    expect(Object.keys(denoEnvironment('/tmp/x')).sort()).toEqual([
      'DENO_DIR',
      'DENO_NO_PACKAGE_JSON',
      'DENO_NO_UPDATE_CHECK',
      'NO_COLOR',
    ]);
  });
});
