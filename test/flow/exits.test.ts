// The exit check in the pipeline: asks with the sources shown, denies by rule, allow_once passes one call, clearance resets.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { callScripts, writeFiles, type Call } from './flow-harness.js';

const SECRET_FILES = { '.env': 'API_KEY=sk-live-123', 'README.md': '# hello', 'public/.keep': '' };
const PUBLIC_RULE = { pattern: 'fs:public/**', sensitivity: 'public' };

async function setup(
  scripts: Record<string, readonly Call[]>,
  options: { rules?: { pattern: string; sensitivity: string; onExceed?: string }[] } = {},
) {
  const { body, outcomes } = callScripts(scripts);
  const t = await createTempRuntime({ body, labelRules: options.rules ?? [PUBLIC_RULE] });
  await writeFiles(t.workspace, SECRET_FILES);
  return { t, outcomes };
}

describe('exits under labels', () => {
  it('asks before a secret leaves for a public file, showing the exit, its clearance and the sources', async () => {
    const { t, outcomes } = await setup({
      leak: [
        ['fs.read', { path: '.env' }],
        ['fs.write', { path: 'public/out.txt', content: 'API_KEY=sk-live-123' }],
      ],
    });
    await using _t = t;
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'leak' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read,write' });
    await t.runtime.run();
    expect(outcomes.get(p.pid)?.at(-1)).toBe('blocked');
    await expect(readFile(join(t.workspace, 'public/out.txt'))).rejects.toThrow();
    const [request] = await t.runtime.requests({ pid: p.pid });
    expect(request?.body).toMatchObject({
      kind: 'permission',
      resource: 'exit:fs/public/out.txt',
      rights: ['declassify'],
      syscall: 'fs.write',
      flow: {
        exit: 'fs:public/out.txt',
        clearance: 'public',
        sensitivity: 'secret',
        origins: ['file'],
        sources: ['fs:.env (secret)'],
        rule: 'fs:public/**',
      },
      preview: { kind: 'write', path: 'public/out.txt' },
    });
    if (request?.body.kind === 'permission')
      expect(request.body.reason).toContain('fs:.env (secret)');
    const [held] = await t.runtime.journal({ limit: 10, type: 'flow.exceeded' });
    expect(held?.data).toMatchObject({
      syscall: 'fs.write',
      decision: 'ask',
      exit: 'fs:public/out.txt',
      clearance: 'public',
      sensitivity: 'secret',
      sources: ['fs:.env (secret)'],
    });
    // The journal names sources and levels, never content.
    const all = JSON.stringify(await t.runtime.journal({ limit: 1000 }));
    expect(all).not.toContain('sk-live-123');
  });

  it('lets allow_once through exactly one call: the same write again asks again', async () => {
    const write: Call = ['fs.write', { path: 'public/out.txt', content: 'x' }];
    const { t, outcomes } = await setup({ leak: [['fs.read', { path: '.env' }], write, write] });
    await using _t = t;
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'leak' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read,write' });
    await t.runtime.run();
    const [first] = await t.runtime.requests({ pid: p.pid });
    await t.runtime.decide(first?.id ?? '', { decision: 'allow_once' });
    await t.runtime.run();
    expect(await readFile(join(t.workspace, 'public/out.txt'), 'utf8')).toBe('x');
    const log = outcomes.get(p.pid) ?? [];
    expect(log.at(-1)).toBe('blocked');
    const pending = await t.runtime.requests({ pid: p.pid });
    expect(pending).toHaveLength(1);
    expect(pending[0]?.id).not.toBe(first?.id);
    const decisions = (await t.runtime.journal({ limit: 100, type: 'flow.exceeded' })).map(
      (e) => e.data.decision,
    );
    expect(decisions).toEqual(['ask', 'declassified', 'ask']);
  });

  it('lets allow_always raise the clearance of that exit for the process only', async () => {
    const { t, outcomes } = await setup({
      leak: [
        ['fs.read', { path: '.env' }],
        ['fs.write', { path: 'public/out.txt', content: 'a' }],
        ['fs.write', { path: 'public/out.txt', content: 'b' }],
        ['fs.write', { path: 'public/other.txt', content: 'c' }],
      ],
    });
    await using _t = t;
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'leak' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read,write' });
    await t.runtime.run();
    const [first] = await t.runtime.requests({ pid: p.pid });
    await t.runtime.decide(first?.id ?? '', { decision: 'allow_always' });
    await t.runtime.run();
    expect(await readFile(join(t.workspace, 'public/out.txt'), 'utf8')).toBe('b');
    // Another exit (another file) is not covered: it asks.
    expect(outcomes.get(p.pid)?.at(-1)).toBe('blocked');
    const [second] = await t.runtime.requests({ pid: p.pid });
    expect(second?.body).toMatchObject({ resource: 'exit:fs/public/other.txt' });
  });

  it('denies outright where the rule says deny, with no request and the labels journaled', async () => {
    const { t, outcomes } = await setup(
      {
        leak: [
          ['fs.read', { path: '.env' }],
          ['fs.write', { path: 'public/out.txt', content: 'x' }],
        ],
      },
      { rules: [{ ...PUBLIC_RULE, onExceed: 'deny' }] },
    );
    await using _t = t;
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'leak' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read,write' });
    await t.runtime.run();
    expect(outcomes.get(p.pid)?.at(-1)).toBe('NOT_PERMITTED');
    expect(await t.runtime.requests({ pid: p.pid })).toHaveLength(0);
    const [held] = await t.runtime.journal({ limit: 10, type: 'flow.exceeded' });
    expect(held?.data).toMatchObject({ decision: 'deny', sources: ['fs:.env (secret)'] });
    const [denied] = await t.runtime.journal({ limit: 10, type: 'syscall.denied' });
    expect(denied?.data).toMatchObject({
      syscall: 'fs.write',
      resource: 'exit:fs/public/out.txt',
      rights: ['declassify'],
    });
    expect((await t.runtime.get(p.pid)).state.kind).toBe('exited');
  });

  it('lets a process through again once the operator clears its taint', async () => {
    const { t, outcomes } = await setup({
      leak: [
        ['fs.read', { path: '.env' }],
        ['human.notify', { message: 'done' }],
        ['human.notify', { message: 'again' }],
      ],
    });
    await using _t = t;
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'leak' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.grant({ subject: p.pid, resource: 'human:owner', rights: 'notify' });
    await t.runtime.run();
    expect(outcomes.get(p.pid)?.at(-1)).toBe('blocked');
    expect((await t.runtime.flow.taint(p.pid)).sensitivity).toBe('secret');
    const cleared = await t.runtime.flow.clear(p.pid);
    expect(cleared.sources).toEqual([{ source: 'fs:.env', sensitivity: 'secret' }]);
    expect((await t.runtime.flow.taint(p.pid)).sensitivity).toBe('public');
    // The held call goes out once answered; the next one is no longer held: nothing to ask.
    const [request] = await t.runtime.requests({ pid: p.pid });
    await t.runtime.decide(request?.id ?? '', { decision: 'allow_once' });
    await t.runtime.run();
    expect(outcomes.get(p.pid)?.slice(-2)).toMatchObject([
      { request: expect.any(String) },
      { request: expect.any(String) },
    ]);
    const permissions = (
      await t.runtime.requests({ pid: p.pid, states: ['pending', 'answered'] })
    ).filter((r) => r.body.kind === 'permission');
    expect(permissions).toHaveLength(1);
    const [journaled] = await t.runtime.journal({ limit: 10, type: 'flow.cleared' });
    expect(journaled?.data).toMatchObject({ sensitivity: 'secret', sources: ['fs:.env'] });
  });

  it('clears for a fresh call after clearance: the notify of a cleared process passes', async () => {
    const { t, outcomes } = await setup({
      // Reads the secret, waits for the operator, then notifies.
      reader: [
        ['fs.read', { path: '.env' }],
        ['process.receive', { wait: true }],
        ['human.notify', { message: 'done' }],
      ],
    });
    await using _t = t;
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'reader' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.grant({ subject: p.pid, resource: 'human:owner', rights: 'notify' });
    await t.runtime.run();
    expect((await t.runtime.flow.taint(p.pid)).sensitivity).toBe('secret');
    expect(outcomes.get(p.pid)?.at(-1)).toBe('blocked'); // waiting for a message
    await t.runtime.flow.clear(p.pid);
    await t.runtime.send(p.pid, 'go on');
    await t.runtime.run();
    // The notify of the same process now goes out with no permission asked.
    expect(outcomes.get(p.pid)?.at(-1)).toMatchObject({ request: expect.any(String) });
    const asked = await t.runtime.requests({ pid: p.pid, states: ['pending', 'answered'] });
    expect(asked.map((r) => r.body.kind)).toEqual(['notification']);
    expect(await t.runtime.journal({ limit: 10, type: 'flow.exceeded' })).toHaveLength(0);
  });

  it('leaves an agent below every exit clearance unchanged: reads of ordinary files, writes, notifications, messages pass', async () => {
    const plainCalls: Call[] = [
      ['fs.read', { path: 'README.md' }],
      ['fs.write', { path: 'notes.md', content: 'n' }],
      ['human.notify', { message: 'hi' }],
      ['object.create', { name: 'n', type: 'text', content: 'n' }],
    ];
    const { t, outcomes } = await setup({
      plain: plainCalls,
      parent: [['process.receive', { wait: true }]],
    });
    await using _t = t;
    const parent = await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    plainCalls.push(['process.send', { to: parent.pid, body: 'n' }]);
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'plain', parentPid: parent.pid });
    await t.runtime.grant({ subject: p.pid, resource: `process:${parent.pid}`, rights: 'message' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read,write' });
    await t.runtime.grant({ subject: p.pid, resource: 'human:owner', rights: 'notify' });
    await t.runtime.run();
    const asked = await t.runtime.requests({ pid: p.pid });
    expect(asked.map((r) => r.body.kind)).toEqual(['notification']);
    expect(await t.runtime.journal({ limit: 10, type: 'flow.exceeded' })).toHaveLength(0);
    expect((await t.runtime.get(p.pid)).state.kind).toBe('exited');
    expect((await t.runtime.flow.taint(p.pid)).sensitivity).toBe('internal');
    expect(outcomes.get(p.pid)?.filter((o) => typeof o === 'string')).toEqual([]);
  });

  it('keeps a taint across a restart', async () => {
    const { t } = await setup({
      reader: [
        ['fs.read', { path: '.env' }],
        ['human.notify', { message: 'x' }],
      ],
    });
    await using _t = t;
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'reader' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.grant({ subject: p.pid, resource: 'human:owner', rights: 'notify' });
    await t.runtime.run();
    const rt = await t.reopen();
    expect(await rt.flow.taint(p.pid)).toMatchObject({
      sensitivity: 'secret',
      sources: [{ source: 'fs:.env', sensitivity: 'secret' }],
    });
    expect(await rt.flow.rules()).toMatchObject([{ pattern: 'fs:public/**' }]);
    expect((await rt.requests({ pid: p.pid })).map((r) => r.body.kind)).toEqual(['permission']);
  });
});
