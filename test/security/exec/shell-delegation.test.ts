// Delegating command grants only narrows (an argv prefix may only get longer), and a child's
// commands see the child's own files, never its parent's.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../../src/base/ids.js';
import { recordsOf, type Outcome, type Rig } from '../helpers.js';
import { createSandboxRig, hasSandbox, journalOf, ran } from './exec-kit.js';

/** A parent holding a delegable `shell:sh` and `fs:**` read,write, and its child. */
async function family(rig: Rig): Promise<{ parent: Pid; child: Pid }> {
  mkdirSync(join(rig.workspace, 'work'));
  writeFileSync(join(rig.workspace, 'parent-only.txt'), 'parent secret');
  const parent = await rig.spawn('parent', {
    grants: [
      { resource: 'shell:sh', rights: 'execute', delegable: true },
      { resource: 'fs:**', rights: 'read,write', delegable: true },
    ],
  });
  const child = await rig.spawn('child', { parentPid: parent });
  return { parent, child };
}

async function delegate(
  rig: Rig,
  f: { parent: Pid; child: Pid },
  wanted: readonly { resource: string; rights: readonly string[] }[],
): Promise<Outcome[]> {
  const records = await recordsOf(rig, f.parent);
  const outcomes: Outcome[] = [];
  rig.script(
    'parent',
    async (ctx) => {
      for (const want of wanted) {
        const from = records.find((r) => r.resource.kind === want.resource.split(':')[0]);
        outcomes.push(
          await rig.call(ctx, 'capability.delegate', { from: from?.id, to: f.child, ...want }),
        );
      }
    },
    { then: 'park' },
  );
  await rig.run();
  return outcomes;
}

describe.runIf(hasSandbox)('delegated command grants', () => {
  it.each([
    ['shell:*', 'a wider pattern than the parent holds'],
    ['shell:bash', 'another executable'],
  ])('refuses delegating %s (%s)', async (resource) => {
    await using rig = await createSandboxRig();
    const f = await family(rig);
    const [outcome] = await delegate(rig, f, [{ resource, rights: ['execute'] }]);
    expect(outcome).toMatchObject({ kind: 'error', error: { code: 'NOT_PERMITTED' } });
    expect((await recordsOf(rig, f.child)).filter((r) => r.resource.kind === 'shell')).toEqual([]);
  });

  it("runs only the narrowed argv in a child, which sees only the child's own files", async () => {
    await using rig = await createSandboxRig();
    mkdirSync(join(rig.workspace, 'work'));
    writeFileSync(join(rig.workspace, 'parent-only.txt'), 'parent secret');
    const spawned: Outcome[] = [];
    rig.script(
      'parent',
      async (ctx) => {
        spawned.push(
          await rig.call(ctx, 'process.spawn', {
            imageId: 'base',
            goal: 'child',
            grants: [
              { resource: 'shell:sh/-c', rights: ['execute'] },
              { resource: 'fs:work/**', rights: ['read', 'write'] },
            ],
          }),
        );
      },
      { then: 'park' },
    );
    const results: Outcome[] = [];
    rig.script('child', async (ctx) => {
      results.push(
        await rig.call(ctx, 'shell.run', {
          argv: ['sh', '-c', 'echo child > work/out.txt; cat parent-only.txt'],
        }),
      );
      results.push(await rig.call(ctx, 'shell.run', { argv: ['sh', 'work/script.sh'] }));
    });
    await rig.spawn('parent', {
      grants: [
        { resource: 'shell:sh', rights: 'execute', delegable: true },
        { resource: 'fs:**', rights: 'read,write', delegable: true },
        { resource: 'process:spawn', rights: 'spawn' },
      ],
    });
    await rig.run();
    expect(spawned[0]?.kind).toBe('value');
    // The delegated prefix ran; the parent's file is absent from the child's sandbox.
    const first = ran(results[0]);
    expect(first.exitCode).not.toBe(0);
    expect(first.stderr).toContain('parent-only.txt: No such file or directory');
    expect(first.changes.listed.map((c) => c.path)).toEqual(['work/out.txt']);
    expect(existsSync(join(rig.workspace, 'work', 'out.txt'))).toBe(true);
    // Another argv of the same executable is outside the narrowed prefix.
    expect(results[1]).toMatchObject({ kind: 'error', error: { code: 'NOT_PERMITTED' } });
    expect(await journalOf(rig, 1)).toMatchObject({
      type: 'syscall.denied',
      resource: 'shell:sh/work%2Fscript.sh',
    });
  });
});
