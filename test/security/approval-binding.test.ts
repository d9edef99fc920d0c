// Security corpus: an allow_once answer binds to the exact call that asked; an altered call (other content, path, mode or cwd) needs a new approval.
import { describe, expect, it } from 'vitest';
import {
  allRequests,
  createRig,
  decidePending,
  existsInWorkspace,
  plant,
  expectDeniedAndUntouched,
  readWorkspace,
  recordsOf,
  type Rig,
  type RigGrant,
} from './helpers.js';

const APPROVED = { path: 'a.txt', content: 'X' };

/**
 * A process asks to make the approved call; once the human answered allow_once it makes
 * `altered` instead (after `before`, e.g. a chdir). Every pending request after the first is
 * answered `deny_once`.
 */
async function swapAfterApproval(
  rig: Rig,
  options: {
    altered: unknown;
    grants: readonly RigGrant[];
    before?: readonly (readonly [string, unknown])[];
  },
): Promise<void> {
  let approved = false;
  let prepared = false;
  rig.script('writer', async (ctx) => {
    if (!approved) {
      const asked = await rig.call(ctx, 'fs.write', APPROVED);
      expect(asked.kind).toBe('blocked');
      approved = true;
      return;
    }
    if (!prepared)
      for (const [name, input] of options.before ?? []) await rig.call(ctx, name, input);
    prepared = true;
    await rig.call(ctx, 'fs.write', options.altered);
  });
  const pid = await rig.spawn('writer', { grants: options.grants });
  await rig.run();
  await decidePending(rig, 'allow_once');
  await rig.run();
  // An altered call that is still covered by `ask` raises a request of its own: refuse it.
  if ((await rig.runtime.requests()).length > 0) {
    await decidePending(rig, 'deny_once');
    await rig.run();
  }
  const bound = (await recordsOf(rig, pid)).find((c) => c.boundCall !== null);
  // The approval is still there, unused, for the one call it was given to.
  expect(bound).toMatchObject({ effect: 'allow', usesRemaining: 1 });
}

const ASK_ALL: readonly RigGrant[] = [
  { resource: 'fs:**', rights: 'read' },
  { resource: 'fs:**', rights: 'write', effect: 'ask' },
];

describe('an allow_once approval for writing a.txt with content X', () => {
  it('does not allow writing a.txt with content Y', async () => {
    await using rig = await createRig();
    await swapAfterApproval(rig, { altered: { path: 'a.txt', content: 'Y' }, grants: ASK_ALL });
    await expectDeniedAndUntouched(rig, rig.callsOf('fs.write').at(-1)!, {
      untouched: async () => {
        expect(existsInWorkspace(rig, 'a.txt')).toBe(false);
        expect(await allRequests(rig)).toHaveLength(2);
      },
    });
  });

  it('does not allow writing X to b.txt when only a.txt may be asked for', async () => {
    await using rig = await createRig();
    await swapAfterApproval(rig, {
      altered: { path: 'b.txt', content: 'X' },
      grants: [{ resource: 'fs:a.txt', rights: 'write', effect: 'ask' }],
    });
    await expectDeniedAndUntouched(rig, rig.callsOf('fs.write').at(-1)!, {
      untouched: async () => {
        expect(existsInWorkspace(rig, 'b.txt')).toBe(false);
        expect(existsInWorkspace(rig, 'a.txt')).toBe(false);
        expect(await allRequests(rig)).toHaveLength(1);
      },
    });
  });

  it('does not allow appending X instead of writing it', async () => {
    await using rig = await createRig();
    await swapAfterApproval(rig, {
      altered: { ...APPROVED, mode: 'append' },
      grants: ASK_ALL,
    });
    await expectDeniedAndUntouched(rig, rig.callsOf('fs.write').at(-1)!, {
      untouched: () => {
        expect(readWorkspace(rig, 'a.txt')).toBeNull();
      },
    });
  });

  it('does not allow the identical input from another cwd, where it names sub/a.txt', async () => {
    await using rig = await createRig();
    plant(rig, { 'sub/keep.txt': 'keep' });
    await swapAfterApproval(rig, {
      before: [['process.chdir', { path: 'sub' }]],
      altered: APPROVED,
      grants: ASK_ALL,
    });
    expect(rig.callsOf('process.chdir')[0]?.outcome.kind).toBe('value');
    await expectDeniedAndUntouched(rig, rig.callsOf('fs.write').at(-1)!, {
      untouched: () => {
        expect(existsInWorkspace(rig, 'sub/a.txt')).toBe(false);
        expect(existsInWorkspace(rig, 'a.txt')).toBe(false);
      },
    });
  });
});
