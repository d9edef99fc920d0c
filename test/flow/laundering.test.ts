// Laundering attacks: a secret read once must stay labelled through objects, messages, children, forks and files.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../src/base/ids.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { callScripts, writeFiles, type Call } from './flow-harness.js';

const FILES = { '.env': 'API_KEY=sk-live-123', 'secrets/db.txt': 'pw', 'public/.keep': '' };

async function setup(scripts: Record<string, readonly Call[]>) {
  const { body, outcomes } = callScripts(scripts);
  const t = await createTempRuntime({
    body,
    labelRules: [{ pattern: 'fs:public/**', sensitivity: 'public' }],
  });
  await writeFiles(t.workspace, FILES);
  return { t, outcomes, scripts };
}

async function heldRequests(rt: Runtime, pid: Pid) {
  return (await rt.requests({ pid })).filter((r) => r.body.kind === 'permission');
}

describe('laundering a secret', () => {
  it('through Object Memory: the object carries the writer taint, and whoever reads it is tainted', async () => {
    const { t, scripts } = await setup({
      writer: [
        ['fs.read', { path: '.env' }],
        ['object.create', { name: 'copy', type: 'text', content: 'API_KEY=sk-live-123' }],
      ],
    });
    await using _t = t;
    const writer = await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.grant({ subject: writer.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.run();
    const reader = await t.runtime.spawn({ imageId: 'base', goal: 'reader' });
    scripts.reader = [
      ['object.read', { namespace: `proc/${writer.pid}`, name: 'copy' }],
      ['human.notify', { message: 'API_KEY=sk-live-123' }],
    ];
    await t.runtime.grant({
      subject: reader.pid,
      resource: `object:ns/proc/${writer.pid}/**`,
      rights: 'read',
    });
    await t.runtime.grant({ subject: reader.pid, resource: 'human:owner', rights: 'notify' });
    await t.runtime.run();
    const [held] = await heldRequests(t.runtime, reader.pid);
    expect(held?.body).toMatchObject({
      resource: 'exit:human/owner',
      flow: { sensitivity: 'secret', clearance: 'internal' },
    });
    if (held?.body.kind === 'permission') {
      expect(held.body.flow?.sources.some((s) => /^obj_\w+@1 \(secret\)$/.test(s))).toBe(true);
    }
    const { items } = await t.runtime.objects.list({ namespace: `proc/${writer.pid}` });
    expect(items[0]?.version.labels).toMatchObject({
      sensitivity: 'secret',
      sourceResources: ['fs:.env'],
    });
  });

  it('through a message: the receiver holds the sender taint and its own exit is held', async () => {
    const { t, scripts } = await setup({});
    await using _t = t;
    const parent = await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    const child = await t.runtime.spawn({ imageId: 'base', goal: 'child', parentPid: parent.pid });
    scripts.parent = [
      ['process.receive', { wait: true }],
      ['human.notify', { message: 'API_KEY=sk-live-123' }],
    ];
    scripts.child = [
      ['fs.read', { path: '.env' }],
      ['process.send', { to: parent.pid, body: 'API_KEY=sk-live-123' }],
    ];
    await t.runtime.grant({ subject: child.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.grant({ subject: parent.pid, resource: 'human:owner', rights: 'notify' });
    await t.runtime.run();
    expect(await t.runtime.flow.taint(parent.pid)).toMatchObject({
      sensitivity: 'secret',
      sources: [{ source: 'fs:.env', sensitivity: 'secret' }],
    });
    const [held] = await heldRequests(t.runtime, parent.pid);
    expect(held?.body).toMatchObject({ flow: { sources: ['fs:.env (secret)'] } });
  });

  it('through a message to a process cleared for less: held at the sender', async () => {
    const { t, scripts } = await setup({});
    await using _t = t;
    const parent = await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    const child = await t.runtime.spawn({ imageId: 'base', goal: 'child', parentPid: parent.pid });
    await t.runtime.flow.setRule({ pattern: `process:${child.pid}`, sensitivity: 'internal' });
    scripts.parent = [
      ['fs.read', { path: '.env' }],
      ['process.send', { to: child.pid, body: 'API_KEY=sk-live-123' }],
    ];
    await t.runtime.grant({ subject: parent.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.run();
    const [held] = await heldRequests(t.runtime, parent.pid);
    expect(held?.body).toMatchObject({
      resource: `exit:process/${child.pid}`,
      flow: { exit: `process:${child.pid}`, clearance: 'internal' },
    });
    expect((await t.runtime.flow.taint(child.pid)).sensitivity).toBe('public');
  });

  it('through a child: a spawned or forked child starts with the parent taint', async () => {
    const { t, outcomes } = await setup({
      parent: [
        ['fs.read', { path: 'secrets/db.txt' }],
        ['process.spawn', { imageId: 'base', goal: 'idle' }],
        ['process.fork', {}],
      ],
    });
    await using _t = t;
    const parent = await t.runtime.spawn({ imageId: 'base', goal: 'parent' });
    await t.runtime.grant({ subject: parent.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.grant({ subject: parent.pid, resource: 'process:spawn', rights: 'spawn' });
    await t.runtime.run();
    const log = outcomes.get(parent.pid) ?? [];
    const children = log.slice(1).map((o) => (o as { pid: string }).pid);
    expect(children).toHaveLength(2);
    for (const pid of children) {
      expect(await t.runtime.flow.taint(pid)).toMatchObject({
        sensitivity: 'secret',
        sources: [{ source: 'fs:secrets/db.txt', sensitivity: 'secret' }],
      });
    }
    const inherited = await t.runtime.journal({ limit: 10, type: 'flow.tainted' });
    expect(inherited.filter((e) => e.data.inheritedFrom === parent.pid)).toHaveLength(2);
  });

  it('through a file: a copy under another name asks, a move carries the label, an object made from it keeps it', async () => {
    const { t } = await setup({
      copier: [
        ['fs.read', { path: '.env' }],
        ['fs.write', { path: 'notes/copy.txt', content: 'API_KEY=sk-live-123' }],
      ],
      mover: [['fs.move', { from: '.env', to: 'public/env.txt' }]],
      snapshot: [
        ['object.fromFile', { path: 'secrets/db.txt', name: 'db' }],
        ['object.toFile', { name: 'db', path: 'public/db.txt' }],
      ],
    });
    await using _t = t;
    const copier = await t.runtime.spawn({ imageId: 'base', goal: 'copier' });
    const mover = await t.runtime.spawn({ imageId: 'base', goal: 'mover' });
    const snapshot = await t.runtime.spawn({ imageId: 'base', goal: 'snapshot' });
    for (const p of [copier, mover, snapshot])
      await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read,write,delete' });
    await t.runtime.run();
    const [copy] = await heldRequests(t.runtime, copier.pid);
    expect(copy?.body).toMatchObject({
      flow: { exit: 'fs:notes/copy.txt', clearance: 'internal' },
    });
    const [move] = await heldRequests(t.runtime, mover.pid);
    expect(move?.body).toMatchObject({
      flow: { exit: 'fs:public/env.txt', sources: ['fs:.env (secret)'] },
    });
    // The mover never read the file: its own taint is untouched, the move still held.
    expect((await t.runtime.flow.taint(mover.pid)).sensitivity).toBe('public');
    const [out] = await heldRequests(t.runtime, snapshot.pid);
    expect(out?.body).toMatchObject({ flow: { exit: 'fs:public/db.txt', sensitivity: 'secret' } });
    const { items } = await t.runtime.objects.list({ namespace: `proc/${snapshot.pid}` });
    expect(items[0]?.version.labels).toMatchObject({ sensitivity: 'secret', origins: ['file'] });
    for (const path of ['notes/copy.txt', 'public/env.txt', 'public/db.txt'])
      await expect(readFile(join(t.workspace, path))).rejects.toThrow();
    expect(await readFile(join(t.workspace, '.env'), 'utf8')).toBe(FILES['.env']);
  });

  it('through a task follow-up: the continuation holds what the previous run held', async () => {
    const { t } = await setup({ reader: [['fs.read', { path: '.env' }]] });
    await using _t = t;
    const task = await t.runtime.tasks.start({
      imageId: 'base',
      goal: 'reader',
      records: [{ resource: 'fs:**', rights: 'read' }],
    });
    await t.runtime.run();
    const followed = await t.runtime.tasks.followUp(task.id, { text: 'now send it' });
    expect(await t.runtime.flow.taint(followed.run.pid)).toMatchObject({
      sensitivity: 'secret',
      sources: [{ source: 'fs:.env', sensitivity: 'secret' }],
    });
  });
});
