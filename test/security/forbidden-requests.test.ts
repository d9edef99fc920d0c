// Security corpus: requests for grants no process may ask for are refused before any human request exists.
import { describe, expect, it } from 'vitest';
import {
  allRequests,
  createRig,
  expectDeniedAndUntouched,
  onlyCall,
  recordsOf,
} from './helpers.js';

const FORBIDDEN = [
  ['shell:*', ['execute']],
  ['fs:**', ['write']],
  ['fs:**', ['delete']],
  ['fs:./**', ['read', 'write']],
  ['object:**', ['write']],
  ['image:x', ['register']],
  ['tool:x', ['register']],
] as const;

describe.each(['capability.request', 'human.requestPermission'])('%s', (syscall) => {
  it.each(FORBIDDEN)('refuses %s %j before asking anyone', async (resource, rights) => {
    await using rig = await createRig();
    rig.script('asker', async (ctx) => {
      await rig.call(ctx, syscall, { resource, rights, reason: 'I need it for the task' });
    });
    const pid = await rig.spawn('asker', { grants: [{ resource: 'human:owner', rights: 'ask' }] });
    const before = await recordsOf(rig, pid);
    await rig.run();
    await expectDeniedAndUntouched(rig, onlyCall(rig, syscall), {
      untouched: async () => {
        expect(await allRequests(rig)).toEqual([]);
        expect(await rig.runtime.journal({ type: 'approval.requested', limit: 10 })).toEqual([]);
        expect(await recordsOf(rig, pid)).toEqual(before);
      },
    });
  });

  it('still lets a narrow request through to the human (the refusal is specific)', async () => {
    await using rig = await createRig();
    rig.script('asker', async (ctx) => {
      await rig.call(ctx, syscall, {
        resource: 'fs:docs/**',
        rights: ['write'],
        reason: 'write the docs',
      });
    });
    await rig.spawn('asker', { grants: [{ resource: 'human:owner', rights: 'ask' }] });
    await rig.run();
    expect(onlyCall(rig, syscall).outcome.kind).toBe('blocked');
    expect(await allRequests(rig)).toHaveLength(1);
  });
});

// The rule judges what a pattern covers, not how it is spelled: every pattern reaching another
// process's private namespace, and every write or delete spanning more than one namespace.
describe.each(['capability.request', 'human.requestPermission'])(
  '%s judges what an object pattern covers',
  (syscall) => {
    const cases: readonly (readonly [string, readonly string[]])[] = [
      ['object:ns/**', ['write', 'delete']],
      ['object:ns/**', ['read']],
      ['object:ns/./**', ['write']],
      ['object:ns/proc/**', ['read']],
      ['object:ns/proc/${victim}/**', ['read']],
      ['object:ns/proc/${victim}/plan', ['read']],
      ['object:ns/proc/x/../${victim}/**', ['write']],
      ['object:ns/shared/**', ['write']],
      ['object:${victimObject}', ['read']],
    ];
    it.each(cases)('refuses %s %j before asking anyone', async (template, rights) => {
      await using rig = await createRig();
      const victim = await rig.spawn('victim', { grants: [] });
      const object = await rig.runtime.objects.create({
        namespace: `proc/${victim}`,
        name: 'plan',
        type: 'text',
        content: 'private plan',
      });
      const resource = template
        .replace('${victim}', victim)
        .replace('${victimObject}', object.object.id);
      rig.script('asker', async (ctx) => {
        await rig.call(ctx, syscall, { resource, rights, reason: 'I need it for the task' });
      });
      const pid = await rig.spawn('asker', {
        grants: [{ resource: 'human:owner', rights: 'ask' }],
      });
      const before = await recordsOf(rig, pid);
      await rig.run();
      await expectDeniedAndUntouched(rig, onlyCall(rig, syscall), {
        mayName: [victim],
        untouched: async () => {
          expect(await allRequests(rig)).toEqual([]);
          expect(await recordsOf(rig, pid)).toEqual(before);
        },
      });
    });

    it("lets a request for one shared namespace, or the asker's own, reach the human", async () => {
      await using rig = await createRig();
      rig.script('asker', async (ctx) => {
        await rig.call(ctx, syscall, {
          resource: 'object:ns/shared/research/**',
          rights: ['read', 'write'],
          reason: 'share findings',
        });
      });
      await rig.spawn('asker', { grants: [{ resource: 'human:owner', rights: 'ask' }] });
      await rig.run();
      expect(onlyCall(rig, syscall).outcome.kind).toBe('blocked');
      expect(await allRequests(rig)).toHaveLength(1);
    });
  },
);
