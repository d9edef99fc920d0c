// Grant options on run/spawn: `;once`, `;expires=` and `;no-delegate` reach the root's records.
import { describe, expect, it } from 'vitest';
import type { Capability } from '../../src/kernel/capability/types.js';
import { runJson, writeScript } from './agent-fixture.js';
import { createTempWorkspace, runCli } from './cli-harness.js';

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

  it('reads net URL grants in canonical form and refuses connect on a URL or a bare host', async () => {
    await using ws = await createTempWorkspace();
    const script = await writeScript(ws.dir, 'model.json', { agents: [] });
    const spawnWith = (grants: readonly string[]) =>
      runJson<{ process: { pid: string } }>(
        [
          'spawn',
          '--image',
          'base',
          '--goal',
          'Read the web',
          '--model',
          `scripted:${script}`,
          ...grants.flatMap((g) => ['--grant', g]),
        ],
        { cwd: ws.dir, now: NOW },
      );
    const { out } = await spawnWith([
      'net:HTTPS://Example.COM:443/a%7Eb/**=get,send',
      'net:https://example.com/q=1=get',
      'net:*=connect',
    ]);
    const { out: records } = await runJson<(Capability & { resourceText: string })[]>(
      ['caps', 'list', '--pid', out.process.pid],
      { cwd: ws.dir, now: NOW },
    );
    const texts = records.map((r) => `${r.resourceText}=${r.rights.join(',')}`);
    expect(texts).toEqual(
      expect.arrayContaining([
        'net:https://example.com/a~b/**=get,send',
        'net:https://example.com/q=1=get',
        'net:*=connect',
      ]),
    );
    for (const bad of ['net:https://example.com/**=connect', 'net:example.com=get']) {
      const refused = await runCli(
        ['spawn', '--image', 'base', '--goal', 'x', '--grant', bad, '--json'],
        { cwd: ws.dir, now: NOW },
      );
      expect(refused.code).toBe(2);
      expect(`${refused.stdout}${refused.stderr}`).toContain('INVALID_INPUT');
    }
  });
});
