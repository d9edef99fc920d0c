// Context materialization: what a process may read, pinned first then newest, within a budget,
// with the manifest (ids, versions, hashes, reasons — no payloads) in the journal.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { MaterializedContext } from '../../src/runtime/objects/materialize-context.js';
import { attempt, objectRuntime, once, valueOf } from './object-kit.js';

describe('context materialization', () => {
  it('includes readable objects pinned first then newest, within the budget, and journals the manifest', async () => {
    const seen: MaterializedContext[] = [];
    await using t = await objectRuntime({
      agent: async (ctx, quantum) => {
        if (quantum === 0) {
          await attempt(ctx, 'object.create', {
            name: 'old',
            type: 'text',
            content: 'a'.repeat(40),
          });
          await ctx.sleep(1000);
          return;
        }
        if (quantum === 1) {
          await attempt(ctx, 'object.create', {
            name: 'new',
            type: 'text',
            content: 'b'.repeat(40),
          });
          await attempt(ctx, 'object.create', {
            name: 'huge',
            type: 'text',
            content: 'c'.repeat(400),
          });
          await attempt(ctx, 'object.create', {
            name: 'goal',
            type: 'plan',
            content: 'p'.repeat(8),
          });
          await attempt(ctx, 'object.create', {
            name: 'blob',
            type: 'file-snapshot',
            content: Buffer.from([0xff, 0xfe, 0x00]).toString('base64'),
            encoding: 'base64',
          });
          await ctx.sleep(1000);
          return;
        }
        seen.push(await ctx.materializeContext({ budgetTokens: 25 }));
        seen.push(await ctx.materializeContext({ budgetTokens: 1000, types: ['plan'] }));
        await ctx.exit(null);
      },
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'agent' });
    await t.runtime.objects.createNamespace('shared/kb');
    await t.runtime.objects.create({
      namespace: 'shared/kb',
      name: 'fact',
      type: 'note',
      content: 'n'.repeat(12),
    });
    await t.runtime.objects.create({
      namespace: 'shared/kb',
      name: 'hidden',
      type: 'note',
      content: 'h',
    });
    await t.runtime.objects.createNamespace('shared/elsewhere');
    await t.runtime.objects.create({
      namespace: 'shared/elsewhere',
      name: 'unseen',
      type: 'note',
      content: 'u',
    });
    await t.runtime.grant({ subject: p.pid, resource: 'object:ns/shared/kb/**', rights: 'read' });
    await t.runtime.grant({
      subject: p.pid,
      resource: 'object:ns/shared/kb/hidden',
      rights: 'read',
      effect: 'deny',
    });
    await t.runtime.run();
    t.clock.advance(1000);
    await t.runtime.run();
    t.clock.advance(1000);
    await t.runtime.run();
    const [budgeted, plansOnly] = seen;
    // Budget 25: plan (2) and note (3) pinned first, then newest text `new` (10); `old` (10) fits
    // (25), `huge` (100) does not; the binary snapshot is filtered.
    expect(budgeted?.included.map((o) => o.name)).toEqual(['goal', 'fact', 'new', 'old']);
    expect(budgeted?.usedTokens).toBe(25);
    expect(budgeted?.included[0]).toMatchObject({ type: 'plan', content: 'pppppppp', tokens: 2 });
    const reasons: Record<string, string> = Object.fromEntries(
      (budgeted?.excluded ?? []).map((e) => [e.ref.split('@')[0] ?? '', e.reason]),
    );
    const idOf = async (ns: string, name: string): Promise<string> =>
      (await t.runtime.store.read((r) => r.findObject(ns, name)))?.id ?? '';
    expect(reasons[await idOf(`proc/${p.pid}`, 'huge')]).toBe('budget');
    expect(reasons[await idOf(`proc/${p.pid}`, 'blob')]).toBe('filtered');
    expect(reasons[await idOf('shared/kb', 'hidden')]).toBe('no-capability');
    expect(Object.keys(reasons)).not.toContain(await idOf('shared/elsewhere', 'unseen'));
    expect(plansOnly?.included.map((o) => o.name)).toEqual(['goal']);
    expect(plansOnly?.excluded.every((e) => e.reason !== 'budget')).toBe(true);

    const [entry] = await t.runtime.journal({ limit: 1, type: 'context.materialized' });
    expect(entry).toMatchObject({ pid: p.pid, actor: p.pid });
    expect(entry?.data).toMatchObject({ budgetTokens: 25, usedTokens: 25 });
    const included = entry?.data.included as { ref: string; sha256: string }[];
    expect(included.map((i) => i.ref)).toEqual(
      (budgeted?.included ?? []).map((o) => `${o.id}@${o.version}`),
    );
    expect(included.every((i) => /^[0-9a-f]{64}$/.test(i.sha256))).toBe(true);
    expect(JSON.stringify(entry?.data)).not.toContain('pppp');
  });

  it("shows a fork the parent's objects it was given a view of, and nothing else", async () => {
    const seen: MaterializedContext[] = [];
    const state: { child?: Pid } = {};
    await using t = await objectRuntime({
      parent: async (ctx, quantum) => {
        if (quantum > 0) {
          await ctx.exit(null);
          return;
        }
        const shared = valueOf(
          await attempt(ctx, 'object.create', { name: 'brief', type: 'note', content: 'do x' }),
        );
        await attempt(ctx, 'object.create', { name: 'diary', type: 'note', content: 'mine' });
        const child = valueOf(
          await attempt(ctx, 'process.fork', {
            goal: 'child',
            grants: [{ resource: `object:${String(shared.id)}`, rights: ['read'] }],
          }),
        );
        state.child = child.pid as Pid;
        await ctx.wait([child.pid as Pid]);
      },
      child: once(async (ctx) => {
        seen.push(await ctx.materializeContext({ budgetTokens: 100 }));
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    await t.runtime.grant({ subject: p.pid, resource: 'process:spawn', rights: 'spawn' });
    await t.runtime.run();
    expect(seen[0]?.included.map((o) => [o.name, o.content])).toEqual([['brief', 'do x']]);
    expect(seen[0]?.excluded).toEqual([]);
  });
});
