import { describe, expect, it } from 'vitest';
import { LibosError } from '../../src/base/errors.js';
import { claimQuantum } from '../../src/runtime/commands/claim.js';
import { sleepProcess } from '../../src/runtime/commands/block.js';
import { recoverLeases } from '../../src/runtime/commands/recover.js';
import { createManualClock } from '../../src/base/clock.js';
import { createSequentialIdSource } from '../../src/base/ids.js';
import { CapabilityCache } from '../../src/runtime/authority/capability-cache.js';
import { SILENT_NOTIFIER, type RuntimeDeps } from '../../src/runtime/deps.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

describe('leases and fencing', () => {
  it('rejects a write made under a stale lease after the lease was taken over', async () => {
    await using t = await createTempRuntime();
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'x' });
    const deps: RuntimeDeps = {
      store: t.runtime.store,
      clock: createManualClock(),
      ids: createSequentialIdSource(),
      notify: SILENT_NOTIFIER,
      capabilities: new CapabilityCache(),
    };
    const first = await claimQuantum(deps, p.pid, { leaseMs: 1000 });
    expect(first?.fence).toBe(1);
    // The first holder is presumed dead: its lease is expired and the process claimed again.
    expect(await recoverLeases(deps)).toBe(1);
    const second = await claimQuantum(deps, p.pid, { leaseMs: 1000 });
    expect(second?.fence).toBe(2);
    const stale = await sleepProcess(deps, { pid: p.pid, fence: 1 }, { ms: 10 }).catch(
      (e: unknown) => e,
    );
    expect(stale).toBeInstanceOf(LibosError);
    expect((stale as LibosError).code).toBe('STALE_LEASE');
    // The stale write changed nothing: the process still runs under the second lease.
    expect((await t.runtime.get(p.pid)).state).toMatchObject({ kind: 'running', fence: 2 });
    await sleepProcess(deps, { pid: p.pid, fence: 2 }, { ms: 10 });
    expect((await t.runtime.get(p.pid)).state.kind).toBe('waiting');
  });

  it('returns processes that were running when the runtime stopped to runnable on reopen', async () => {
    await using t = await createTempRuntime();
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'x' });
    const deps: RuntimeDeps = {
      store: t.runtime.store,
      clock: createManualClock(),
      ids: createSequentialIdSource(),
      notify: SILENT_NOTIFIER,
      capabilities: new CapabilityCache(),
    };
    await claimQuantum(deps, p.pid, { leaseMs: 1000 });
    const rt = await t.reopen();
    expect((await rt.get(p.pid)).state.kind).toBe('runnable');
    const types = (await rt.journal({ limit: 100 })).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['lease.expired', 'runtime.recovered']);
    await rt.run();
    expect((await rt.get(p.pid)).state).toEqual({ kind: 'exited', result: null });
  });
});
