// Security corpus: a process that ends takes its open questions and permission requests with it.
import { describe, expect, it } from 'vitest';
import { allRequests, createRig, recordsOf, type Rig } from './helpers.js';

/** A process whose write waits for a human (an `ask` record), optionally under a parent. */
async function asking(rig: Rig, options: { parentPid?: string } = {}): Promise<string> {
  rig.script('asker', async (ctx) => {
    await rig.call(ctx, 'fs.write', { path: 'deploy.txt', content: 'v2' });
  });
  return rig.spawn('asker', {
    ...(options.parentPid === undefined ? {} : { parentPid: options.parentPid as never }),
    grants: [{ resource: 'fs:deploy.txt', rights: 'write', effect: 'ask' }],
  });
}

async function expectCancelledAndUndecidable(rig: Rig, pid: string): Promise<void> {
  const [request] = await allRequests(rig);
  expect(request?.state).toMatchObject({ kind: 'cancelled' });
  const before = await recordsOf(rig, pid as never, { includeRevoked: true });
  await expect(rig.runtime.decide(request!.id, { decision: 'allow_always' })).rejects.toMatchObject(
    {
      code: 'ILLEGAL_TRANSITION',
      message: expect.stringMatching(/cancelled.*process.*(killed|ended)/) as unknown,
    },
  );
  expect(await recordsOf(rig, pid as never, { includeRevoked: true })).toEqual(before);
  const cancelled = await rig.runtime.journal({ type: 'approval.cancelled', limit: 10 });
  expect(cancelled.map((e) => e.data)).toEqual([expect.objectContaining({ request: request!.id })]);
}

describe('ending a process cancels its pending requests', () => {
  it('cancels the request of a killed process; deciding it later fails and grants nothing', async () => {
    await using rig = await createRig();
    const pid = await asking(rig);
    await rig.run();
    expect((await allRequests(rig)).map((r) => r.state.kind)).toEqual(['pending']);
    await rig.runtime.kill(pid);
    await expectCancelledAndUndecidable(rig, pid);
  });

  it('cancels the requests of a subtree killed because its root exited', async () => {
    await using rig = await createRig();
    const root = await rig.spawn('root');
    rig.script('root', async (ctx, turn) => {
      if (turn === 0) {
        // Park until the operator says the child is waiting, then exit (taking the child along).
        while (!(await ctx.receive({ wait: true })).blocked);
      }
    });
    const child = await asking(rig, { parentPid: root });
    await rig.run();
    expect((await rig.runtime.get(child)).state.kind).toBe('waiting');
    await rig.runtime.send(root, 'exit now');
    await rig.run();
    expect((await rig.runtime.get(child)).state).toMatchObject({ kind: 'killed' });
    await expectCancelledAndUndecidable(rig, child);
  });

  it('leaves notifications for the human (they need no decision)', async () => {
    await using rig = await createRig();
    rig.script('notifier', async (ctx) => {
      await rig.call(ctx, 'human.notify', { message: 'I finished the report' });
    });
    await rig.spawn('notifier', { grants: [{ resource: 'human:owner', rights: 'notify' }] });
    await rig.run();
    expect((await allRequests(rig)).map((r) => [r.body.kind, r.state.kind])).toEqual([
      ['notification', 'pending'],
    ]);
  });
});
