// Going back to an earlier checkpoint and then forward to a later one: the later restore puts the
// subtree back as the later checkpoint captured it, mailboxes included.
import { describe, expect, it } from 'vitest';
import type { QuantumBody } from '../../src/runtime/quantum-context.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';

/** The child sends its parent one message and exits; the parent never runs (it is paused). */
const body: QuantumBody = async (ctx) => {
  const parent = ctx.process.parentPid;
  if (parent !== null) await ctx.syscall('process.send', { to: parent, body: 'from the child' });
  await ctx.exit('sent');
};

describe('restoring a later checkpoint after an earlier one', () => {
  // Restoring c0 supersedes the message the child sent after c0; restoring c1, which captured it
  // unread, takes the supersession back (the manifest's unread list decides, not the mailbox now).
  it('gives back a message the later checkpoint captured unread', async () => {
    await using t = await createTempRuntime({ body });
    const parent = await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    await t.runtime.signal(parent.pid, 'pause');
    await t.runtime.spawn({ imageId: 'base', goal: 'child', parentPid: parent.pid });
    const unread = async () =>
      (await t.runtime.store.read((r) => r.listUndelivered(parent.pid, 10))).map((m) => m.id);
    const c0 = await t.runtime.checkpoints.create(parent.pid);
    await t.runtime.run();
    const sent = await unread();
    expect(sent).toHaveLength(1);
    const c1 = await t.runtime.checkpoints.create(parent.pid);

    const back = await t.runtime.checkpoints.restore(c0.id);
    expect(back.superseded).toEqual(sent);
    expect(await unread()).toEqual([]);
    await t.runtime.checkpoints.restore(c1.id);
    expect(await unread()).toEqual(sent);
    const diff = await t.runtime.checkpoints.diff(c1.id);
    expect(diff.changedProcesses).toEqual([]);
  });
});
