// Security corpus: the answer to "may this process ask?" is never returned as the answer to what it asks.
import { describe, expect, it } from 'vitest';
import { allRequests, createRig, decidePending, recordsOf } from './helpers.js';

describe('each request has its own identity', () => {
  it('after the owner lets a process ask, its grant request still goes to the owner', async () => {
    await using rig = await createRig();
    rig.script(
      'asker',
      async (ctx) => {
        await rig.call(ctx, 'capability.request', {
          resource: 'fs:secret.txt',
          rights: ['read'],
          reason: 'read the secret',
        });
      },
      { then: 'park' },
    );
    const pid = await rig.spawn('asker', {
      grants: [{ resource: 'human:owner', rights: 'ask', effect: 'ask' }],
    });
    await rig.run();
    // The gate: may this process ask the owner at all?
    const gate = await decidePending(rig, 'allow_once');
    await rig.run();
    const requests = await allRequests(rig);
    expect(requests.map((r) => [r.id === gate, r.body.kind, r.state.kind])).toEqual([
      [true, 'permission', 'answered'],
      [false, 'permission', 'pending'],
    ]);
    expect(requests[1]?.body).toMatchObject({ resource: 'fs:secret.txt', grant: true });
    // No grant the human never saw: the process holds nothing on fs, and the call waits.
    expect((await recordsOf(rig, pid)).filter((c) => c.resource.kind === 'fs')).toEqual([]);
    expect(rig.callsOf('capability.request').map((c) => c.outcome.kind)).toEqual([
      'blocked',
      'blocked',
    ]);
    const completed = await rig.runtime.journal({ type: 'syscall.completed', pid, limit: 50 });
    expect(completed.filter((e) => e.data['syscall'] === 'capability.request')).toEqual([]);
  });

  it('after the owner lets a process ask, its question is asked, not answered by the gate', async () => {
    await using rig = await createRig();
    rig.script(
      'asker',
      async (ctx) => {
        await rig.call(ctx, 'human.ask', { question: 'Deploy to production?' });
      },
      { then: 'park' },
    );
    await rig.spawn('asker', {
      grants: [{ resource: 'human:owner', rights: 'ask', effect: 'ask' }],
    });
    await rig.run();
    await decidePending(rig, 'allow_once');
    await rig.run();
    const requests = await allRequests(rig);
    expect(requests.map((r) => [r.body.kind, r.state.kind])).toEqual([
      ['permission', 'answered'],
      ['question', 'pending'],
    ]);
    await rig.runtime.decide(requests[1]!.id, { answer: 'no' });
    await rig.run();
    expect(rig.callsOf('human.ask').at(-1)?.outcome).toMatchObject({
      kind: 'value',
      value: { answer: 'no', decision: null },
    });
  });
});
