// An `ask` on a command: the person sees the exact argv and working directory (printable, no
// hidden characters), allow_once runs that one command once, and any other argv asks again.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decidePending } from '../helpers.js';
import { createSandboxRig, hasSandbox, ran } from './exec-kit.js';

const GRANTS = [
  { resource: 'fs:**', rights: 'read,write' },
  { resource: 'shell:sh', rights: 'execute', effect: 'ask' as const },
];

describe.runIf(hasSandbox)('shell.run under an ask record', () => {
  it('shows the exact argv and cwd, runs once on allow_once, and asks again for another argv', async () => {
    await using rig = await createSandboxRig();
    mkdirSync(join(rig.workspace, 'sub'));
    const approved = { argv: ['sh', '-c', 'echo once >> log.txt', 'x\u202Ey'], cwd: 'sub' };
    const altered = { argv: ['sh', '-c', 'echo twice >> log.txt'], cwd: 'sub' };
    const outcomes: unknown[] = [];
    let turn = 0;
    rig.script(
      'runner',
      async (ctx) => {
        turn += 1;
        if (turn === 1) {
          expect((await rig.call(ctx, 'shell.run', approved)).kind).toBe('blocked');
          return;
        }
        outcomes.push(await rig.call(ctx, 'shell.run', approved));
        outcomes.push(await rig.call(ctx, 'shell.run', altered));
      },
      { then: 'exit' },
    );
    await rig.spawn('runner', { grants: GRANTS });
    await rig.run();

    const [request] = await rig.runtime.requests();
    const body = request?.body as { reason: string; resource: string };
    expect(body.reason).toBe(
      'shell.run needs execute on shell:sh/-c/echo%20once%20%3E%3E%20log.txt/x%E2%80%AEy: ' +
        'run ["sh","-c","echo once >> log.txt","x\\u202ey"] in "sub"',
    );
    expect(existsSync(join(rig.workspace, 'sub', 'log.txt'))).toBe(false);

    await decidePending(rig, 'allow_once');
    await rig.run();
    expect(ran(outcomes[0] as never).exitCode).toBe(0);
    // The altered command is a new question: it waits, and nothing of it ran.
    expect(outcomes[1]).toStrictEqual({ kind: 'blocked' });
    expect(readFileSync(join(rig.workspace, 'sub', 'log.txt'), 'utf8')).toBe('once\n');
    const [second] = await rig.runtime.requests();
    expect((second?.body as { reason: string }).reason).toContain('echo twice >> log.txt');
  });
});

describe.runIf(hasSandbox)('a one-use command grant', () => {
  it('runs the command once; the second run is denied and nothing of it happens', async () => {
    await using rig = await createSandboxRig();
    const outcomes: unknown[] = [];
    rig.script('runner', async (ctx) => {
      for (let i = 0; i < 2; i++)
        outcomes.push(
          await rig.call(ctx, 'shell.run', { argv: ['sh', '-c', 'echo ran >> log.txt'] }),
        );
    });
    await rig.spawn('runner', {
      grants: [
        { resource: 'fs:**', rights: 'read,write' },
        { resource: 'shell:sh', rights: 'execute', once: true },
      ],
    });
    await rig.run();
    expect(ran(outcomes[0] as never).exitCode).toBe(0);
    expect(outcomes[1]).toMatchObject({ kind: 'error', error: { code: 'NOT_PERMITTED' } });
    expect(readFileSync(join(rig.workspace, 'log.txt'), 'utf8')).toBe('ran\n');
  });
});
