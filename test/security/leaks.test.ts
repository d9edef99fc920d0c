// Security corpus: refusals that could leak — whether another pid or a path exists, host paths, exception text.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { AnySyscall } from '../../src/syscalls/define-syscall.js';
import { fsRead } from '../../src/syscalls/fs/fs-read.js';
import {
  createRig,
  expectDeniedAndUntouched,
  expectNoLeak,
  idle,
  onlyCall,
  plant,
  recordsOf,
  type CallRecord,
  type Rig,
  type RigGrant,
} from './helpers.js';

/** A pid no process has (sequential ids never reach it in these tests). */
const GHOST = 'proc_99999999' as Pid;

/** The wire error of a refused call with `names` replaced by placeholders. */
function shape(call: CallRecord | undefined, names: readonly string[]): unknown {
  if (call?.outcome.kind !== 'error') return call?.outcome;
  const scrub = (text: string): string =>
    names.reduce((out, name, i) => out.replaceAll(name, `<${i}>`), text);
  const { code, message, details, retryable } = call.outcome.error;
  return { code, message: scrub(message), details: scrub(JSON.stringify(details)), retryable };
}

/**
 * An attacker (with `grants`, given a pid to aim at) calls `name` with `input(target)` twice:
 * at an unrelated live process and at a pid that does not exist. Returns both records.
 */
async function probe(
  rig: Rig,
  options: {
    name: string;
    input: (target: Pid) => unknown;
    grants?: (victim: Pid) => readonly RigGrant[];
  },
): Promise<{ victim: Pid; real: CallRecord; ghost: CallRecord }> {
  const victim = await rig.spawn('victim');
  const parent = await rig.spawn('idle');
  const attacker = await rig.spawn('attacker', { parentPid: parent });
  for (const grant of options.grants?.(victim) ?? [])
    await rig.runtime.grant({ ...grant, subject: attacker });
  for (const grant of options.grants?.(GHOST) ?? [])
    await rig.runtime.grant({ ...grant, subject: attacker });
  rig.script('victim', idle, { then: 'park' });
  rig.script('idle', idle, { then: 'park' });
  rig.script('attacker', async (ctx) => {
    await rig.call(ctx, options.name, options.input(victim));
    await rig.call(ctx, options.name, options.input(GHOST));
  });
  await rig.run();
  const [real, ghost] = rig.callsOf(options.name);
  return { victim, real: real!, ghost: ghost! };
}

describe('refusals aimed at another process do not tell whether it exists', () => {
  it.each([
    ['process.send', (to: Pid) => ({ to, body: 'hi' }), undefined],
    ['process.signal', (pid: Pid) => ({ pid, signal: 'terminate' }), undefined],
    [
      'process.signal with a signal right granted on the target',
      (pid: Pid) => ({ pid, signal: 'pause' }),
      (target: Pid) => [{ resource: `process:${target}`, rights: 'signal' }],
    ],
    [
      'process.send with a message right granted on the target',
      (to: Pid) => ({ to, body: 'hi' }),
      (target: Pid) => [{ resource: `process:${target}`, rights: 'message' }],
    ],
    ['process.wait', (pid: Pid) => ({ pids: [pid], wait: false }), undefined],
  ] as const)(
    'answers %s the same for a live unrelated pid and a missing one',
    async (label, input, grants) => {
      await using rig = await createRig();
      const name = label.split(' ')[0]!;
      const { victim, real, ghost } = await probe(rig, {
        name,
        input,
        ...(grants === undefined ? {} : { grants }),
      });
      expect(shape(real, [victim])).toEqual(shape(ghost, [GHOST]));
      await expectDeniedAndUntouched(rig, real, {
        mayName: [victim],
        untouched: async () => {
          expect((await rig.runtime.get(victim)).state.kind).toBe('waiting');
          expect(await rig.runtime.store.read((r) => r.listUndelivered(victim, 10))).toEqual([]);
        },
      });
      await expectDeniedAndUntouched(rig, ghost, { mayName: [GHOST] });
    },
  );

  it('answers capability.delegate the same for a live non-child and a missing pid', async () => {
    await using rig = await createRig();
    let from = '';
    rig.script('victim', idle, { then: 'park' });
    const victim = await rig.spawn('victim');
    const attacker = await rig.spawn('attacker', {
      grants: [{ resource: 'fs:docs/**', rights: 'read' }],
    });
    from = (await recordsOf(rig, attacker)).find((c) => c.resource.kind === 'fs')!.id;
    rig.script('attacker', async (ctx) => {
      for (const to of [victim, GHOST])
        await rig.call(ctx, 'capability.delegate', {
          from,
          to,
          resource: 'fs:docs/**',
          rights: ['read'],
        });
    });
    await rig.run();
    const [real, ghost] = rig.callsOf('capability.delegate');
    expect(shape(real, [victim])).toEqual(shape(ghost, [GHOST]));
    await expectDeniedAndUntouched(rig, real!, {
      mayName: [victim],
      untouched: async () => {
        expect((await recordsOf(rig, victim)).filter((c) => c.resource.kind === 'fs')).toEqual([]);
      },
    });
  });
});

describe('refused paths do not tell whether they exist', () => {
  it('denies reading an existing and a missing file in a private directory alike', async () => {
    await using rig = await createRig();
    plant(rig, { 'private/a.txt': 'secret', 'public/b.txt': 'public' });
    rig.script('attacker', async (ctx) => {
      await rig.call(ctx, 'fs.read', { path: 'private/a.txt' });
      await rig.call(ctx, 'fs.read', { path: 'private/zz.txt' });
    });
    await rig.spawn('attacker', { grants: [{ resource: 'fs:public/**', rights: 'read' }] });
    await rig.run();
    const [real, missing] = rig.callsOf('fs.read');
    expect(shape(real, ['private/a.txt'])).toEqual(shape(missing, ['private/zz.txt']));
    await expectDeniedAndUntouched(rig, real!);
    await expectDeniedAndUntouched(rig, missing!);
  });
});

describe('exception text and host detail', () => {
  it('turns a raw exception carrying a host path into a generic INTERNAL error', async () => {
    const leaky: AnySyscall = {
      ...fsRead,
      run: (_input: unknown, ctx: Parameters<AnySyscall['run']>[1]) => {
        const error = new Error(
          `EACCES: permission denied, open '${ctx.workspace.path}/notes.txt' at /proc/self/fd/42`,
        ) as Error & { code?: string };
        error.code = 'EPERM_UNMAPPED';
        throw error;
      },
    };
    await using rig = await createRig({ syscalls: [leaky] });
    plant(rig, { 'notes.txt': 'notes' });
    rig.script('reader', async (ctx) => {
      await rig.call(ctx, 'fs.read', { path: 'notes.txt' });
    });
    await rig.spawn('reader', { grants: [{ resource: 'fs:**', rights: 'read' }] });
    await rig.run();
    const call = onlyCall(rig, 'fs.read');
    // An internal failure, not a denial: the journal ends the call as failed.
    await expectDeniedAndUntouched(rig, call, { code: 'INTERNAL', journal: 'syscall.failed' });
    expect(call.outcome).toMatchObject({ error: { message: 'fs.read failed: internal error' } });
  });

  it('never shows the host path of a link target in a refusal', async () => {
    await using rig = await createRig();
    const { symlinkSync } = await import('node:fs');
    symlinkSync(`${rig.outside}/secret.txt`, `${rig.workspace}/innocent.txt`);
    rig.script('reader', async (ctx) => {
      await rig.call(ctx, 'fs.read', { path: 'innocent.txt' });
    });
    await rig.spawn('reader', { grants: [{ resource: 'fs:**', rights: 'read' }] });
    await rig.run();
    const call = onlyCall(rig, 'fs.read');
    await expectDeniedAndUntouched(rig, call);
    if (call.outcome.kind === 'error') expectNoLeak(rig, call.outcome.error, { mayName: [] });
  });
});
