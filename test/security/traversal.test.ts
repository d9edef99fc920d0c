// Security corpus: `..` traversal, absolute paths and escapes through the working directory, each attempted through ctx.syscall by a process holding every fs right on the workspace.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createRig,
  expectDeniedAndUntouched,
  expectOutsideUntouched,
  onlyCall,
  plant,
  snapshotTree,
  type Rig,
} from './helpers.js';

const EVERYTHING = [{ resource: 'fs:**', rights: 'read,write,delete' }] as const;

/** Plants a workspace, runs one attacker making `calls` from `cwd`, returns the rig. */
async function attack(
  rig: Rig,
  options: { calls: readonly (readonly [string, unknown])[]; chdir?: readonly string[] },
): Promise<{ before: unknown }> {
  plant(rig, { 'inside.txt': 'inside', 'sub/deeper/keep.txt': 'keep' });
  const before = snapshotTree(rig.workspace);
  rig.script('attacker', async (ctx) => {
    for (const dir of options.chdir ?? []) await rig.call(ctx, 'process.chdir', { path: dir });
    for (const [name, input] of options.calls) await rig.call(ctx, name, input);
  });
  await rig.spawn('attacker', { grants: EVERYTHING });
  await rig.run();
  return { before };
}

describe('.. traversal out of the workspace', () => {
  it.each([
    ['fs.read', { path: '../outside/secret.txt' }],
    ['fs.write', { path: '../outside/pwned.txt', content: 'pwned' }],
    ['fs.write', { path: '../outside/secret.txt', content: 'pwned', mode: 'append' }],
    ['fs.delete', { path: '../outside/secret.txt' }],
    ['fs.move', { from: '../outside/secret.txt', to: 'stolen.txt' }],
    ['fs.move', { from: 'inside.txt', to: '../outside/dropped.txt' }],
    ['fs.list', { path: '..' }],
    ['fs.stat', { path: '../outside/secret.txt' }],
    ['fs.mkdir', { path: '../outside/made', recursive: true }],
    ['fs.read', { path: 'sub/deeper/../../../outside/secret.txt' }],
    ['process.chdir', { path: '..' }],
    ['process.chdir', { path: 'sub/../../outside' }],
  ] as const)('refuses %s %j and touches nothing', async (name, input) => {
    await using rig = await createRig();
    const { before } = await attack(rig, { calls: [[name, input]] });
    await expectDeniedAndUntouched(rig, onlyCall(rig, name), {
      untouched: async () => {
        expectOutsideUntouched(rig);
        expect(snapshotTree(rig.workspace)).toEqual(before);
        const [attacker] = await rig.runtime.list();
        expect(attacker?.cwd).toBe('.');
      },
    });
  });
});

describe('absolute paths', () => {
  it.each([
    ['fs.read', (rig: Rig) => ({ path: join(rig.outside, 'secret.txt') })],
    ['fs.write', (rig: Rig) => ({ path: join(rig.outside, 'pwned.txt'), content: 'pwned' })],
    ['fs.delete', (rig: Rig) => ({ path: join(rig.outside, 'secret.txt') })],
    ['fs.read', (rig: Rig) => ({ path: join(rig.workspace, 'inside.txt') })],
    ['fs.list', () => ({ path: '/etc' })],
    ['process.chdir', (rig: Rig) => ({ path: rig.outside })],
  ] as const)('refuses %s of an absolute path without echoing it', async (name, inputOf) => {
    await using rig = await createRig();
    const { before } = await attack(rig, { calls: [[name, inputOf(rig)]] });
    await expectDeniedAndUntouched(rig, onlyCall(rig, name), {
      untouched: () => {
        expectOutsideUntouched(rig);
        expect(snapshotTree(rig.workspace)).toEqual(before);
      },
    });
  });
});

describe('escapes through the working directory', () => {
  it('refuses a read that climbs out from a cwd two levels down', async () => {
    await using rig = await createRig();
    await attack(rig, {
      chdir: ['sub', 'deeper'],
      calls: [['fs.read', { path: '../../../outside/secret.txt' }]],
    });
    expect(rig.callsOf('process.chdir').map((c) => c.outcome.kind)).toEqual(['value', 'value']);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read'));
  });

  it('refuses a write that climbs out from a cwd and creates nothing outside', async () => {
    await using rig = await createRig();
    await attack(rig, {
      chdir: ['sub/deeper'],
      calls: [['fs.write', { path: '../../../outside/pwned.txt', content: 'pwned' }]],
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.write'), {
      untouched: () => {
        expectOutsideUntouched(rig);
      },
    });
  });

  it('refuses a chdir that climbs out from a cwd and leaves the cwd where it was', async () => {
    await using rig = await createRig();
    await attack(rig, { chdir: ['sub', '../../outside'], calls: [] });
    const [, escape] = rig.callsOf('process.chdir');
    await expectDeniedAndUntouched(rig, escape!, {
      untouched: async () => {
        const [attacker] = await rig.runtime.list();
        expect(attacker?.cwd).toBe('sub');
      },
    });
  });

  it('refuses a move whose target climbs out from a cwd and keeps the source', async () => {
    await using rig = await createRig();
    await attack(rig, {
      chdir: ['sub/deeper'],
      calls: [['fs.move', { from: 'keep.txt', to: '../../../outside/keep.txt' }]],
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.move'), {
      untouched: () => {
        expectOutsideUntouched(rig);
        expect(snapshotTree(join(rig.workspace, 'sub/deeper'))).toEqual({ 'keep.txt': 'keep' });
      },
    });
  });
});
