// Grant options on run/spawn: `;once`, `;expires=` and `;no-delegate` reach the root's records.
import { describe, expect, it } from 'vitest';
import type { Capability } from '../../src/kernel/capability/types.js';
import { runJson, writeScript } from './agent-fixture.js';
import { createTempWorkspace } from './cli-harness.js';

const NOW = Date.UTC(2030, 0, 15, 12);

describe('spawn --grant/--ask/--deny with options', () => {
  it('makes records one-shot, expiring or not delegable as their options say', async () => {
    await using ws = await createTempWorkspace();
    const script = await writeScript(ws.dir, 'model.json', { agents: [] });
    const { out } = await runJson<{ process: { pid: string } }>(
      [
        'spawn',
        '--image',
        'base',
        '--goal',
        'Write the report',
        '--model',
        `scripted:${script}`,
        '--grant',
        'fs:out/**=write;once;expires=2h;no-delegate',
        '--ask',
        'fs:report.md=write;expires=2030-01-16T00:00Z',
        '--deny',
        'fs:secret=read;no-delegate',
      ],
      { cwd: ws.dir, now: NOW },
    );
    const { out: records } = await runJson<(Capability & { resourceText: string })[]>(
      ['caps', 'list', '--pid', out.process.pid],
      { cwd: ws.dir, now: NOW },
    );
    const byResource = new Map(records.map((r) => [r.resourceText, r]));
    expect(byResource.get('fs:out/**')).toMatchObject({
      effect: 'allow',
      usesRemaining: 1,
      expiresAt: NOW + 7_200_000,
      delegable: false,
    });
    expect(byResource.get('fs:report.md')).toMatchObject({
      effect: 'ask',
      usesRemaining: null,
      expiresAt: Date.UTC(2030, 0, 16),
      delegable: true,
    });
    expect(byResource.get('fs:secret')).toMatchObject({ effect: 'deny', delegable: false });
  });
});
