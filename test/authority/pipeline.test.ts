import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLibosError } from '../../src/base/errors.js';
import type { QuantumContext } from '../../src/runtime/quantum-context.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { scriptedBody } from '../runtime/scripted-bodies.js';

/** Runs one syscall per quantum from a script and records what each returned or threw. */
function recorder() {
  const log: unknown[] = [];
  const call = async (ctx: QuantumContext, name: string, input: unknown): Promise<unknown> => {
    try {
      const result = await ctx.syscall(name, input);
      log.push(result.blocked ? 'blocked' : result.value);
      return result;
    } catch (error) {
      log.push(isLibosError(error) ? error.code : 'non-libos error');
      return undefined;
    }
  };
  return { log, call };
}

describe('the syscall pipeline', () => {
  it('denies an effect with no capability, journals syscall.denied and leaves the disk untouched', async () => {
    const { log, call } = recorder();
    await using t = await createTempRuntime({
      body: scriptedBody({
        writer: async (ctx) => {
          await call(ctx, 'fs.write', { path: 'notes.txt', content: 'hello' });
          await ctx.exit(null);
        },
      }),
    });
    await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    expect(log).toEqual(['NOT_PERMITTED']);
    await expect(readFile(join(t.workspace, 'notes.txt'))).rejects.toThrow();
    const denied = await t.runtime.journal({ limit: 10, type: 'syscall.denied' });
    expect(denied.map((e) => e.data)).toEqual([
      {
        syscall: 'fs.write',
        callId: '1:1',
        resource: 'fs:notes.txt',
        rights: ['write'],
        capabilityId: null,
        code: 'NOT_PERMITTED',
      },
    ]);
  });

  it('allows a granted effect with an intent settled as committed and links the capability in the journal', async () => {
    const { log, call } = recorder();
    await using t = await createTempRuntime({
      body: scriptedBody({
        writer: async (ctx) => {
          await call(ctx, 'fs.write', { path: 'notes.txt', content: 'hello' });
          await ctx.exit(null);
        },
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    const cap = await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read,write' });
    await t.runtime.run();
    expect(log).toHaveLength(1);
    expect(await readFile(join(t.workspace, 'notes.txt'), 'utf8')).toBe('hello');
    const types = (await t.runtime.journal({ limit: 100, pid: p.pid })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['effect.intended', 'syscall.completed']));
    // The completion settles the intent: no entry of its own, and the intent row is committed.
    expect(types).not.toContain('effect.settled');
    const [intended] = await t.runtime.journal({ limit: 1, type: 'effect.intended' });
    const [completed] = await t.runtime.journal({ limit: 1, type: 'syscall.completed' });
    expect(completed?.data).toMatchObject({
      syscall: 'fs.write',
      resource: 'fs:notes.txt',
      capabilityId: cap.id,
      intent: intended?.data.intent,
    });
    expect(
      await t.runtime.store.read((r) => r.listIntents({ pid: p.pid, limit: 10 })),
    ).toMatchObject([{ syscall: 'fs.write', state: 'committed' }]);
    expect(JSON.stringify(completed?.data)).not.toContain('hello');
  });

  it('asks a human, waits, and after allow_once runs exactly that call once; a replay asks again', async () => {
    const { log, call } = recorder();
    await using t = await createTempRuntime({
      body: scriptedBody({
        writer: async (ctx, q) => {
          // The same call each quantum: after allow_once it runs; the next identical call asks anew.
          const r = await call(ctx, 'fs.write', { path: 'a.txt', content: 'once' });
          if (q >= 2 && (r as { blocked?: boolean } | undefined)?.blocked !== true)
            await ctx.exit(null);
        },
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:a.txt', rights: 'write', effect: 'ask' });
    await t.runtime.run();
    expect(log).toEqual(['blocked']);
    expect((await t.runtime.get(p.pid)).state).toMatchObject({
      kind: 'waiting',
      wait: { on: 'human' },
    });
    const [request] = await t.runtime.requests();
    expect(request?.body).toMatchObject({
      kind: 'permission',
      resource: 'fs:a.txt',
      rights: ['write'],
      syscall: 'fs.write',
    });
    await t.runtime.decide(request!.id, { decision: 'allow_once' });
    await t.runtime.run();
    expect(log.slice(1, 3)).toEqual([expect.objectContaining({ bytes: 4 }), 'blocked']);
    expect(await readFile(join(t.workspace, 'a.txt'), 'utf8')).toBe('once');
    const [completed] = await t.runtime.journal({ limit: 1, type: 'syscall.completed' });
    expect(completed?.data).toMatchObject({ approvalId: request!.id });
    expect((await t.runtime.requests()).length).toBe(1);
  });

  it('keeps a pending approval across a restart and lets it be decided with no runtime running', async () => {
    const body = scriptedBody({
      writer: async (ctx) => {
        const r = await ctx.syscall('fs.write', { path: 'b.txt', content: 'later' });
        if (!r.blocked) await ctx.exit('written');
      },
    });
    await using t = await createTempRuntime({ body });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:b.txt', rights: 'write', effect: 'ask' });
    await t.runtime.run();
    const [request] = await t.runtime.requests();
    const reopened = await t.reopen({ body });
    expect((await reopened.requests()).map((r) => r.id)).toEqual([request!.id]);
    await reopened.decide(request!.id, { decision: 'allow_always' });
    await reopened.run();
    expect((await reopened.get(p.pid)).state).toEqual({ kind: 'exited', result: 'written' });
    expect(
      (await reopened.capabilities({ subject: p.pid })).some(
        (c) => c.effect === 'allow' && c.boundCall === null && c.resource.match === 'exact',
      ),
    ).toBe(true);
  });

  it('denies the call after deny_once and denies every later call after deny_always', async () => {
    const { log, call } = recorder();
    await using t = await createTempRuntime({
      body: scriptedBody({
        reader: async (ctx, q) => {
          await call(ctx, 'fs.read', { path: 'secret.txt' });
          if (q >= 1 && log.at(-1) !== 'blocked') await ctx.exit(null);
        },
      }),
    });
    await writeFile(join(t.workspace, 'secret.txt'), 'top secret');
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'reader' });
    await t.runtime.grant({
      subject: p.pid,
      resource: 'fs:secret.txt',
      rights: 'read',
      effect: 'ask',
    });
    await t.runtime.run();
    const [request] = await t.runtime.requests();
    await t.runtime.decide(request!.id, { decision: 'deny_once' });
    await t.runtime.run();
    expect(log).toEqual(['blocked', 'NOT_PERMITTED']);
  });

  it('reserves a one-shot grant and returns it when the effect provably never started', async () => {
    const { log, call } = recorder();
    await using t = await createTempRuntime({
      body: scriptedBody({
        reader: async (ctx) => {
          await call(ctx, 'fs.read', { path: 'missing.txt' });
          await call(ctx, 'fs.read', { path: 'there.txt' });
          await call(ctx, 'fs.read', { path: 'there.txt' });
          await ctx.exit(null);
        },
      }),
    });
    await writeFile(join(t.workspace, 'there.txt'), 'x');
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'reader' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read', once: true });
    await t.runtime.run();
    // The failed read did not use the grant; the first real read did; the second found none.
    expect(log[0]).toBe('NOT_FOUND');
    expect(log[1]).toMatchObject({ content: 'x' });
    expect(log[2]).toBe('NOT_PERMITTED');
  });

  it('pauses a process whose effect intent was left pending by a crash and never replays it', async () => {
    await using t = await createTempRuntime();
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'x' });
    await t.runtime.store.transact((tx) =>
      tx.insertIntent({
        id: 'eff_00000001' as never,
        pid: p.pid,
        syscall: 'fs.write',
        resource: 'fs:a',
        idempotencyKey: 'k',
        state: 'pending',
        code: null,
        createdAt: 1,
        settledAt: null,
      }),
    );
    const reopened = await t.reopen();
    expect((await reopened.get(p.pid)).state).toMatchObject({
      kind: 'paused',
      reason: 'unknown-effect',
    });
    const intent = await reopened.store.read((r) => r.getIntent('eff_00000001' as never));
    expect(intent?.state).toBe('unknown');
    expect((await reopened.journal({ limit: 10, type: 'effect.unknown' })).length).toBe(1);
  });

  it('gives a receive re-issued by the same call the messages that call already took', async () => {
    const seen: unknown[] = [];
    await using t = await createTempRuntime({
      body: async (ctx) => {
        for (const callId of ['take', 'take', 'other']) {
          const r = await ctx.syscall('process.receive', {}, { callId });
          if (!r.blocked) seen.push((r.value as { body: unknown }[]).map((m) => m.body));
        }
        await ctx.exit(null);
      },
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'x' });
    await t.runtime.send(p.pid, 'first');
    await t.runtime.run();
    // A crash between taking a message and recording the result must not lose the message.
    expect(seen).toEqual([['first'], ['first'], []]);
  });
});
