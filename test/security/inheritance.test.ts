// Security corpus: spawn and fork pass on only the grants named explicitly, each a narrowed delegation; a child never exceeds what it was given.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { QuantumContext } from '../../src/runtime/quantum-context.js';
import {
  allRequests,
  childrenOf,
  createRig,
  expectDeniedAndUntouched,
  idle,
  onlyCall,
  plant,
  readWorkspace,
  recordsOf,
  type Rig,
} from './helpers.js';

const FILES = {
  'docs/readme.md': 'docs',
  'docs/private.md': 'private',
  'src/main.ts': 'main',
};

/**
 * A parent holding `fs:** read,write` (and `process:spawn`, `human:owner ask`, delegable) makes
 * one child with `how` and `grants` (passed from its fs or spawn record, or with the source
 * omitted so the runtime picks a covering record); the child runs
 * `child`. The parent stays alive (parked) so the child is not ended with it.
 */
async function raise(
  rig: Rig,
  options: {
    how?: 'process.spawn' | 'process.fork';
    grants?: readonly { from: 'fs' | 'spawn' | 'omitted'; resource: string; rights: string[] }[];
    child: (ctx: QuantumContext) => Promise<void>;
    parentDeny?: string;
  },
): Promise<{ parent: Pid; child: Pid | undefined }> {
  plant(rig, FILES);
  const parent = await rig.spawn('parent', {
    grants: [
      { resource: 'fs:**', rights: 'read,write' },
      { resource: 'process:spawn', rights: 'spawn' },
      { resource: 'human:owner', rights: 'ask' },
      ...(options.parentDeny === undefined
        ? []
        : [{ resource: options.parentDeny, rights: 'read', effect: 'deny' as const }]),
    ],
  });
  const records = await recordsOf(rig, parent);
  const fsCap = records.find((c) => c.resource.kind === 'fs' && c.effect === 'allow')!;
  const spawnCap = records.find(
    (c) => c.resource.kind === 'process' && c.rights.includes('spawn'),
  )!;
  const grants = (options.grants ?? []).map((g) => ({
    ...(g.from === 'omitted' ? {} : { from: g.from === 'fs' ? fsCap.id : spawnCap.id }),
    resource: g.resource,
    rights: g.rights,
  }));
  let made = false;
  rig.script(
    'parent',
    async (ctx) => {
      if (made) return;
      made = true;
      const how = options.how ?? 'process.spawn';
      await rig.call(ctx, how, {
        ...(how === 'process.spawn' ? { imageId: 'base' } : {}),
        goal: 'child',
        grants,
      });
    },
    { then: 'park' },
  );
  rig.script('child', options.child, { then: 'park' });
  await rig.run();
  const [child] = await childrenOf(rig, parent);
  return { parent, child };
}

describe('a child gets no authority by default', () => {
  it.each(['process.spawn', 'process.fork'] as const)(
    'denies a read to a child made by %s without grants, though its parent holds fs:**',
    async (how) => {
      await using rig = await createRig();
      const { child } = await raise(rig, {
        how,
        child: async (ctx) => {
          await rig.call(ctx, 'fs.read', { path: 'docs/readme.md' });
        },
      });
      await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read', child));
    },
  );

  it('does not pass the parent’s human:owner ask to a forked child', async () => {
    await using rig = await createRig();
    const { child } = await raise(rig, {
      how: 'process.fork',
      child: async (ctx) => {
        await rig.call(ctx, 'human.ask', { question: 'may I?' });
      },
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'human.ask', child), {
      untouched: async () => {
        expect(await allRequests(rig)).toEqual([]);
      },
    });
  });
});

describe('a child cannot exceed what it was passed', () => {
  it('denies a read outside the subtree it was passed', async () => {
    await using rig = await createRig();
    const { child } = await raise(rig, {
      grants: [{ from: 'fs', resource: 'fs:docs/**', rights: ['read'] }],
      child: async (ctx) => {
        await rig.call(ctx, 'fs.read', { path: 'src/main.ts' });
      },
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read', child));
  });

  it('denies a write where it was passed only read', async () => {
    await using rig = await createRig();
    const { child } = await raise(rig, {
      how: 'process.fork',
      grants: [{ from: 'fs', resource: 'fs:docs/**', rights: ['read'] }],
      child: async (ctx) => {
        await rig.call(ctx, 'fs.write', { path: 'docs/readme.md', content: 'defaced' });
      },
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.write', child), {
      untouched: () => {
        expect(readWorkspace(rig, 'docs/readme.md')).toBe('docs');
      },
    });
  });

  it('denies a read its parent is denied, though the passed subtree covers it', async () => {
    await using rig = await createRig();
    const { child } = await raise(rig, {
      parentDeny: 'fs:docs/private.md',
      grants: [{ from: 'fs', resource: 'fs:docs/**', rights: ['read'] }],
      child: async (ctx) => {
        await rig.call(ctx, 'fs.read', { path: 'docs/private.md' });
      },
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'fs.read', child), {
      untouched: () => {
        expect(JSON.stringify(rig.calls)).not.toContain('"private"');
      },
    });
  });

  it('denies a spawn to a child that was not passed process:spawn', async () => {
    await using rig = await createRig();
    const { child } = await raise(rig, {
      grants: [{ from: 'fs', resource: 'fs:docs/**', rights: ['read'] }],
      child: async (ctx) => {
        await rig.call(ctx, 'process.spawn', { imageId: 'base', goal: 'grandchild' });
      },
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.spawn', child), {
      untouched: async () => {
        expect(await childrenOf(rig, child!)).toEqual([]);
      },
    });
  });

  it('spawns no grandchild when a child passes on a grant it may not delegate', async () => {
    await using rig = await createRig();
    const { child } = await raise(rig, {
      grants: [
        { from: 'fs', resource: 'fs:docs/**', rights: ['read'] },
        { from: 'spawn', resource: 'process:spawn', rights: ['spawn'] },
      ],
      child: async (ctx) => {
        const [held] = (await recordsOf(rig, ctx.pid)).filter(
          (c) => c.resource.kind === 'fs' && c.effect === 'allow',
        );
        await rig.call(ctx, 'process.spawn', {
          imageId: 'base',
          goal: 'grandchild',
          grants: [{ from: held!.id, resource: 'fs:docs/**', rights: ['read'] }],
        });
      },
    });
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.spawn', child), {
      untouched: async () => {
        expect(await childrenOf(rig, child!)).toEqual([]);
      },
    });
  });
});

describe('passing on more than the parent holds', () => {
  it('spawns no child when a grant is wider than the parent’s record', async () => {
    await using rig = await createRig();
    plant(rig, FILES);
    const parent = await rig.spawn('parent', {
      grants: [{ resource: 'process:spawn', rights: 'spawn' }],
    });
    const docs = await rig.runtime.grant({
      subject: parent,
      resource: 'fs:docs/**',
      rights: 'read',
    });
    rig.script('parent', async (ctx) => {
      await rig.call(ctx, 'process.spawn', {
        imageId: 'base',
        goal: 'child',
        grants: [{ from: docs.id, resource: 'fs:**', rights: ['read', 'write'] }],
      });
    });
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.spawn'), {
      untouched: async () => {
        expect(await childrenOf(rig, parent)).toEqual([]);
        expect(await rig.runtime.list()).toHaveLength(1);
      },
    });
  });
});

describe('grants passed without naming their source record', () => {
  it.each([
    ['wider than anything the parent holds', 'fs:**', ['read', 'delete']],
    ['inside .git, which fs:** does not reach', 'fs:.git/**', ['read']],
    ['of a kind the parent holds nothing of', 'net:*', ['connect']],
  ] as const)('spawns no child for a grant %s', async (_label, resource, rights) => {
    await using rig = await createRig();
    plant(rig, { '.git/config': '[core]\n' });
    const { parent, child } = await raise(rig, {
      grants: [{ from: 'omitted', resource, rights: [...rights] }],
      child: idle,
    });
    expect(child).toBeUndefined();
    await expectDeniedAndUntouched(rig, onlyCall(rig, 'process.spawn', parent), {
      // No record of the caller can be the source: refused like a forged id (see forged-ids).
      code: 'NOT_PERMITTED',
      journal: 'syscall.denied',
      untouched: async () => {
        expect(await rig.runtime.list()).toHaveLength(1);
      },
    });
  });
});
