// Restore only at a safe point: while a quantum of the subtree runs, the restore is refused by
// code and changes nothing; once the quantum has ended, the same restore goes through.
import { describe, expect, it } from 'vitest';
import { isLibosError } from '../../src/base/errors.js';
import type { Pid } from '../../src/base/ids.js';
import type { QuantumBody } from '../../src/runtime/quantum-context.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';

describe('restoring a checkpoint at a safe point', () => {
  it('refuses while a quantum of any process of the subtree runs, and restores once it has ended', async () => {
    const seen: { error?: unknown } = {};
    let restoreFromInside: () => Promise<unknown> = () => Promise.resolve();
    const body: QuantumBody = async (ctx) => {
      seen.error = await restoreFromInside().catch((e: unknown) => e);
      await ctx.exit('done');
    };
    await using t: TempRuntime = await createTempRuntime({ body });
    const root = await t.runtime.spawn({ imageId: 'base', goal: 'root' });
    const child = await t.runtime.spawn({ imageId: 'base', goal: 'child', parentPid: root.pid });
    const checkpoint = await t.runtime.checkpoints.create(root.pid);
    restoreFromInside = () => t.runtime.checkpoints.restore(checkpoint.id);

    await t.runtime.run({ maxQuanta: 1 });
    const ran: Pid = (await t.runtime.get(root.pid)).state.kind === 'exited' ? root.pid : child.pid;
    expect(isLibosError(seen.error, 'ILLEGAL_TRANSITION')).toBe(true);
    expect((seen.error as Error).message).toContain(`${ran} is running a quantum`);
    const journal = await t.runtime.journal({ type: 'checkpoint.restored', limit: 10 });
    expect(journal).toEqual([]);
    expect((await t.runtime.get(ran)).state).toEqual({ kind: 'exited', result: 'done' });

    restoreFromInside = () => Promise.resolve();
    const report = await t.runtime.checkpoints.restore(checkpoint.id);
    expect(report.restored).toEqual([root.pid, child.pid]);
    expect((await t.runtime.get(ran)).state).toEqual({ kind: 'runnable' });
  });
});
