// The checkpoint syscalls at the authority boundary: a process checkpoints and reads its own
// subtree without a grant, never another's, and never restores its own subtree from its quantum.
import { describe, expect, it } from 'vitest';
import { isLibosError } from '../../src/base/errors.js';
import type { QuantumContext } from '../../src/runtime/quantum-context.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

/** Runs `name` as the process; its value, or the error code it threw. */
async function attempt(ctx: QuantumContext, name: string, input: unknown): Promise<unknown> {
  try {
    const result = await ctx.syscall(name, input);
    return result.blocked ? 'blocked' : result.value;
  } catch (error) {
    return isLibosError(error) ? error.code : error;
  }
}

describe('checkpoint syscalls', () => {
  it('lets a process checkpoint, list and inspect its own subtree, and refuses the rest', async () => {
    const seen = new Map<string, unknown[]>();
    let own = '';
    await using t = await createTempRuntime({
      body: async (ctx) => {
        const log: unknown[] = [];
        seen.set(ctx.process.goal, log);
        if (ctx.process.goal === 'self') {
          const made = (await attempt(ctx, 'checkpoint.create', { name: 'start' })) as {
            id: string;
          };
          own = made.id;
          log.push(made);
          log.push(await attempt(ctx, 'checkpoint.list', {}));
          log.push(await attempt(ctx, 'checkpoint.inspect', { id: own }));
          // Even holding the right, a process may not restore its own subtree from its quantum.
          log.push(await attempt(ctx, 'checkpoint.restore', { id: own }));
        } else {
          log.push(await attempt(ctx, 'checkpoint.inspect', { id: own }));
          log.push(await attempt(ctx, 'checkpoint.inspect', { id: 'ckpt_99999999' }));
          log.push(await attempt(ctx, 'checkpoint.fork', { id: own }));
          log.push(await attempt(ctx, 'checkpoint.create', { pid: ctx.process.parentPid }));
        }
        await ctx.exit(null);
      },
    });
    const self = await t.runtime.spawn({ imageId: 'base', goal: 'self' });
    await t.runtime.grant({ subject: self.pid, resource: 'checkpoint:**', rights: ['restore'] });
    await t.runtime.run();
    const [made, listed, inspected, restored] = seen.get('self') ?? [];
    expect(made).toMatchObject({ rootPid: self.pid, name: 'start', processCount: 1 });
    expect(listed).toEqual({ checkpoints: [made] });
    expect(inspected).toMatchObject({ id: own, processes: [{ pid: self.pid, state: 'runnable' }] });
    expect(restored).toBe('ILLEGAL_TRANSITION');
    // The process is still there, running to its exit: nothing was restored.
    expect((await t.runtime.get(self.pid)).state.kind).toBe('exited');

    // A sibling (no grant) may not read, fork or take checkpoints of another subtree; an
    // unknown id is refused the same way as one that exists.
    const root = await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    await t.runtime.spawn({ imageId: 'base', goal: 'other', parentPid: root.pid });
    await t.runtime.run();
    expect(seen.get('other')).toEqual([
      'NOT_PERMITTED',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
      'NOT_PERMITTED',
    ]);
  });
});

describe('a checkpoint one process took of another subtree', () => {
  it('takes a grant to read: taking it did not make the subtree readable', async () => {
    const seen: unknown[] = [];
    await using t = await createTempRuntime({
      body: async (ctx) => {
        if (ctx.process.goal === 'taker') {
          const target = ctx.process.name ?? '';
          const made = (await attempt(ctx, 'checkpoint.create', { pid: target })) as {
            id?: string;
          };
          seen.push(typeof made.id === 'string' ? 'created' : made);
          seen.push(await attempt(ctx, 'checkpoint.inspect', { id: made.id }));
          seen.push(await attempt(ctx, 'checkpoint.diff', { from: made.id }));
        }
        await ctx.exit(null);
      },
    });
    const target = await t.runtime.spawn({ imageId: 'base', goal: 'target' });
    const taker = await t.runtime.spawn({ imageId: 'base', goal: 'taker', name: target.pid });
    await t.runtime.grant({
      subject: taker.pid,
      resource: `checkpoint:process/${target.pid}`,
      rights: ['create'],
    });
    await t.runtime.run();
    expect(seen).toEqual(['created', 'NOT_PERMITTED', 'NOT_PERMITTED']);
  });
});

describe('what a restore leaves as the operator set it', () => {
  it('a process restoring a checkpoint never revives a process the operator killed, nor its subtree; the operator may', async () => {
    const reports: unknown[] = [];
    await using t = await createTempRuntime({
      body: async (ctx) => {
        if (ctx.process.goal === 'restorer')
          reports.push(await attempt(ctx, 'checkpoint.restore', { id: ctx.process.name }));
        if (ctx.process.goal !== 'idle') await ctx.exit(null);
      },
    });
    const root = await t.runtime.spawn({ imageId: 'base', goal: 'idle' });
    const child = await t.runtime.spawn({ imageId: 'base', goal: 'idle', parentPid: root.pid });
    const grandchild = await t.runtime.spawn({
      imageId: 'base',
      goal: 'idle',
      parentPid: child.pid,
    });
    await t.runtime.signal(root.pid, 'pause');
    const checkpoint = await t.runtime.checkpoints.create(root.pid);
    await t.runtime.kill(child.pid);
    const restorer = await t.runtime.spawn({
      imageId: 'base',
      goal: 'restorer',
      name: checkpoint.id,
    });
    await t.runtime.grant({
      subject: restorer.pid,
      resource: `checkpoint:${checkpoint.id}`,
      rights: ['restore'],
    });
    await t.runtime.run({ subtree: restorer.pid });
    expect(reports).toMatchObject([
      { restored: [root.pid], notRevived: [child.pid, grandchild.pid] },
    ]);
    expect((await t.runtime.get(child.pid)).state).toMatchObject({
      kind: 'killed',
      by: 'operator',
    });
    // Killed with it by the runtime, the grandchild stays killed under its killed parent.
    expect((await t.runtime.get(grandchild.pid)).state.kind).toBe('killed');
    // The operator's pause of the root survives the restore too.
    expect((await t.runtime.get(root.pid)).state).toMatchObject({ kind: 'paused', by: 'operator' });

    const byOperator = await t.runtime.checkpoints.restore(checkpoint.id);
    expect(byOperator.notRevived).toEqual([]);
    expect((await t.runtime.get(child.pid)).state.kind).not.toBe('killed');
  });
});

describe('a shared namespace the subtree made', () => {
  it('is captured and rewound with the private ones', async () => {
    await using t = await createTempRuntime({
      body: async (ctx) => {
        if (ctx.process.goal === 'share') {
          await ctx.syscall('object.createNamespace', { namespace: 'team/notes' });
          await ctx.syscall('object.create', {
            namespace: 'team/notes',
            name: 'plan',
            type: 'text',
            content: 'first plan',
          });
        } else {
          await ctx.syscall('object.update', {
            namespace: 'team/notes',
            name: 'plan',
            content: 'second plan',
            expectedVersion: 1,
          });
        }
        await ctx.exit(null);
      },
    });
    const sharer = await t.runtime.spawn({ imageId: 'base', goal: 'share' });
    await t.runtime.grant({
      subject: sharer.pid,
      resource: 'object:ns/team/**',
      rights: ['write'],
    });
    await t.runtime.run();
    const checkpoint = await t.runtime.checkpoints.create(sharer.pid);
    const editor = await t.runtime.spawn({ imageId: 'base', goal: 'edit' });
    await t.runtime.grant({
      subject: editor.pid,
      resource: 'object:ns/team/**',
      rights: ['read', 'write'],
    });
    await t.runtime.run();
    const text = () =>
      t.runtime.store.read(async (r) => {
        const o = await r.findObject('team/notes', 'plan');
        const v = o === undefined ? undefined : await r.getVersion(o.id, o.latestVersion);
        const b = v === undefined ? undefined : await r.getBlob(v.sha256);
        return b === undefined ? null : Buffer.from(b).toString('utf8');
      });
    expect(await text()).toBe('second plan');
    const report = await t.runtime.checkpoints.restore(checkpoint.id);
    expect(report.objects.restored).toBe(1);
    expect(await text()).toBe('first plan');
  });
});
