// Security corpus: Unicode (NFD vs NFC) and case aliases of a file or directory that a deny protects.
//
// Capability patterns compare bytes, so a second spelling of a denied name must never reach the
// same file. Paths must be NFC (an NFD spelling is refused as malformed input, which the pipeline
// journals as `syscall.failed` with INVALID_INPUT: it is refused before any decision). Case is
// not folded: on this case-sensitive file system `SECRET.txt` is another file, and the aliases a
// process can plant (symbolic or hard links under another case) are refused at use.
import { linkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  childrenOf,
  createRig,
  expectDeniedAndUntouched,
  onlyCall,
  plant,
  readWorkspace,
  snapshotTree,
  type Rig,
  type RigGrant,
} from './helpers.js';

const NFC = 'caf\u00e9';
const NFD = 'cafe\u0301';

/** `fs:**` with a deny on `deny` for the listed rights. */
function everythingBut(deny: string, rights = 'read,write,delete'): RigGrant[] {
  return [
    { resource: 'fs:**', rights: 'read,write,delete' },
    { resource: deny, rights, effect: 'deny' },
  ];
}

async function attack(
  rig: Rig,
  calls: readonly (readonly [string, unknown])[],
  grants: readonly RigGrant[],
): Promise<void> {
  rig.script('attacker', async (ctx) => {
    for (const [name, input] of calls) await rig.call(ctx, name, input);
  });
  await rig.spawn('attacker', { grants });
  await rig.run();
}

const MALFORMED = { code: 'INVALID_INPUT', journal: 'syscall.failed' } as const;

describe('an NFD spelling of a name denied in NFC', () => {
  it.each([
    ['fs.read', { path: `${NFD}.txt` }],
    ['fs.write', { path: `${NFD}.txt`, content: 'pwned' }],
    ['fs.delete', { path: `${NFD}.txt` }],
    ['fs.move', { from: `${NFD}.txt`, to: 'stolen.txt' }],
    ['fs.read', { path: `${NFD}/secret.txt` }],
  ] as const)('is refused for %s %j', async (name, input) => {
    await using rig = await createRig();
    plant(rig, { [`${NFC}.txt`]: 'menu', [`${NFC}/secret.txt`]: 'recipe' });
    const before = snapshotTree(rig.workspace);
    await attack(
      rig,
      [[name, input]],
      [
        ...everythingBut(`fs:${NFC}.txt`),
        { resource: `fs:${NFC}/**`, rights: 'read', effect: 'deny' },
      ],
    );
    await expectDeniedAndUntouched(rig, onlyCall(rig, name), {
      ...MALFORMED,
      untouched: () => {
        expect(snapshotTree(rig.workspace)).toEqual(before);
      },
    });
  });

  it('is refused as a working directory, so later relative paths cannot carry it', async () => {
    await using rig = await createRig();
    plant(rig, { [`${NFC}/secret.txt`]: 'recipe' });
    await attack(
      rig,
      [
        ['process.chdir', { path: NFD }],
        ['fs.read', { path: 'secret.txt' }],
      ],
      everythingBut(`fs:${NFC}/**`),
    );
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.chdir'), {
      untouched: async () => {
        const [attacker] = await rig.runtime.list();
        expect(attacker?.cwd).toBe('.');
      },
    });
  });

  it('is refused as the cwd of a spawned child', async () => {
    await using rig = await createRig();
    plant(rig, { [`${NFC}/secret.txt`]: 'recipe' });
    await attack(
      rig,
      [['process.spawn', { imageId: 'base', goal: 'child', cwd: NFD }]],
      [...everythingBut(`fs:${NFC}/**`), { resource: 'process:spawn', rights: 'spawn' }],
    );
    const [attacker] = await rig.runtime.list();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.spawn'), {
      ...MALFORMED,
      untouched: async () => {
        expect(await childrenOf(rig, attacker!.pid)).toEqual([]);
      },
    });
  });
});

describe('a case alias of a denied name', () => {
  it.each([
    [
      'a hard link',
      (rig: Rig) => {
        linkSync(ws(rig, 'secret.txt'), ws(rig, 'SECRET.txt'));
      },
    ],
    [
      'a symbolic link',
      (rig: Rig) => {
        symlinkSync('secret.txt', ws(rig, 'SECRET.txt'));
      },
    ],
  ])('is refused for a read through %s named SECRET.txt', async (_label, alias) => {
    await using rig = await createRig();
    plant(rig, { 'secret.txt': 'top secret' });
    alias(rig);
    await attack(rig, [['fs.read', { path: 'SECRET.txt' }]], everythingBut('fs:secret.txt'));
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read'), {
      untouched: () => {
        expect(JSON.stringify(rig.calls)).not.toContain('top secret');
      },
    });
  });

  it('is refused for a write through a hard link named Secret.txt', async () => {
    await using rig = await createRig();
    plant(rig, { 'secret.txt': 'top secret' });
    linkSync(ws(rig, 'secret.txt'), ws(rig, 'Secret.txt'));
    await attack(
      rig,
      [['fs.write', { path: 'Secret.txt', content: 'overwritten', mode: 'append' }]],
      everythingBut('fs:secret.txt', 'write'),
    );
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.write'), {
      untouched: () => {
        expect(readWorkspace(rig, 'secret.txt')).toBe('top secret');
      },
    });
  });

  it('is refused for a read through a directory alias private -> Private', async () => {
    await using rig = await createRig();
    plant(rig, { 'Private/key.pem': 'key' });
    symlinkSync('Private', ws(rig, 'private'));
    await attack(rig, [['fs.read', { path: 'private/key.pem' }]], everythingBut('fs:Private/**'));
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read'));
  });

  it('does not fold case: SECRET.txt is another, missing file, never the denied one', async () => {
    await using rig = await createRig();
    plant(rig, { 'secret.txt': 'top secret' });
    await attack(rig, [['fs.read', { path: 'SECRET.txt' }]], everythingBut('fs:secret.txt'));
    // Allowed by fs:** and simply absent: an honest NOT_FOUND, journaled as a failure.
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read'), {
      code: 'NOT_FOUND',
      journal: 'syscall.failed',
      untouched: () => {
        expect(JSON.stringify(rig.calls)).not.toContain('top secret');
      },
    });
  });
});

function ws(rig: Rig, path: string): string {
  return join(rig.workspace, path);
}
