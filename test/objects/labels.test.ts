// Provenance labels are set by the runtime: sources' sensitivity and origins flow into derived
// versions, the model can only raise sensitivity, files give origin `file`, the operator `human`.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Labels } from '../../src/kernel/object/types.js';
import { attempt, objectRuntime, once, valueOf, type Outcome } from './object-kit.js';

function labelsOf(outcome: Outcome | undefined): Labels {
  return valueOf(outcome).labels as Labels;
}

describe('object provenance labels', () => {
  it('derives labels from the real labels of the sources; the caller cannot lower them', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      writer: once(async (ctx) => {
        const secret = valueOf(
          await attempt(ctx, 'object.create', {
            name: 'secret',
            type: 'text',
            content: 'k',
            sensitivity: 'secret',
          }),
        );
        const open = valueOf(
          await attempt(ctx, 'object.create', {
            name: 'open',
            type: 'text',
            content: 'o',
            sensitivity: 'public',
          }),
        );
        log.push(
          await attempt(ctx, 'object.create', {
            name: 'summary',
            type: 'summary',
            content: 's',
            sources: [secret.id, `${String(open.id)}@1`],
            sensitivity: 'public',
          }),
        );
        log.push(
          await attempt(ctx, 'object.update', {
            name: 'secret',
            content: 'k2',
            expectedVersion: 1,
            sensitivity: 'public',
          }),
        );
        log.push(
          await attempt(ctx, 'object.create', {
            name: 'forged',
            type: 'text',
            content: 'x',
            labels: { origins: ['human'], sensitivity: 'public' },
          }),
        );
        log.push(
          await attempt(ctx, 'object.create', {
            name: 'raised',
            type: 'text',
            content: 'x',
            sources: [open.id],
            sensitivity: 'confidential',
          }),
        );
        log.push(
          await attempt(ctx, 'object.create', {
            name: 'missing-source',
            type: 'text',
            content: 'x',
            sources: [`${String(open.id)}@7`],
          }),
        );
      }),
    });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'writer' });
    await t.runtime.run();
    const summary = labelsOf(log[0]);
    expect(summary.sensitivity).toBe('secret');
    expect(summary.creator).toBe(p.pid);
    expect(summary.origins).toEqual(['model']);
    expect(summary.sourceObjects).toHaveLength(2);
    expect(summary.sourceObjects.every((s) => /^obj_\w+@1$/.test(s))).toBe(true);
    // An update is derived from the version it replaces: still secret.
    const updated = labelsOf(log[1]);
    expect(updated.sensitivity).toBe('secret');
    expect(updated.sourceObjects).toEqual([expect.stringMatching(/@1$/)]);
    expect(log[2]).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(labelsOf(log[3]).sensitivity).toBe('confidential');
    expect(log[4]).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('labels a file snapshot origin `file` with its path, and carries it into derivations', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      snap: once(async (ctx) => {
        log.push(await attempt(ctx, 'object.fromFile', { path: 'docs/notes.md', name: 'notes' }));
        log.push(
          await attempt(ctx, 'object.create', {
            name: 'digest',
            type: 'summary',
            content: 'short',
            sources: [valueOf(log[0]).id],
          }),
        );
        log.push(await attempt(ctx, 'object.read', { name: 'notes' }));
        log.push(
          await attempt(ctx, 'object.fromFile', {
            path: 'docs/notes.md',
            name: 'notes',
            expectedVersion: 1,
          }),
        );
        log.push(await attempt(ctx, 'object.fromFile', { path: 'docs/secret.md', name: 'x' }));
        log.push(await attempt(ctx, 'object.fromFile', { path: '../outside', name: 'y' }));
      }),
    });
    await mkdir(join(t.workspace, 'docs'));
    await writeFile(join(t.workspace, 'docs/notes.md'), '# Notes\n');
    await writeFile(join(t.workspace, 'docs/secret.md'), 'hidden');
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'snap' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:docs/notes.md', rights: 'read' });
    await t.runtime.run();
    const snap = valueOf(log[0]);
    expect(snap).toMatchObject({ type: 'file-snapshot', path: 'docs/notes.md', size: 8 });
    expect(labelsOf(log[0])).toMatchObject({
      creator: p.pid,
      origins: ['file'],
      sourceResources: ['fs:docs/notes.md'],
    });
    expect(labelsOf(log[1]).origins).toEqual(['model', 'file']);
    expect(valueOf(log[2])).toMatchObject({ content: '# Notes\n' });
    expect(valueOf(log[3])).toMatchObject({ version: 2 });
    expect(log[4]).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
    expect(log[5]).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
    const completed = await t.runtime.journal({ limit: 50, type: 'syscall.completed' });
    const fromFile = completed.find((e) => e.data.syscall === 'object.fromFile');
    expect(fromFile?.data).toMatchObject({ resource: expect.stringContaining('fs:docs/notes.md') });
    expect(JSON.stringify(completed)).not.toContain('# Notes');
  });

  it('labels operator content `human` and lets processes derive from it', async () => {
    const log: Outcome[] = [];
    const state: { id?: string } = {};
    await using t = await objectRuntime({
      reader: once(async (ctx) => {
        log.push(
          await attempt(ctx, 'object.create', {
            name: 'answer',
            type: 'text',
            content: 'a',
            sources: [state.id],
          }),
        );
      }),
    });
    await t.runtime.objects.createNamespace('shared/briefs');
    const brief = await t.runtime.objects.create({
      namespace: 'shared/briefs',
      name: 'brief',
      type: 'text',
      content: 'operator brief',
      sensitivity: 'confidential',
    });
    state.id = brief.object.id;
    expect(brief.version.labels).toMatchObject({ creator: 'operator', origins: ['human'] });
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'reader' });
    await t.runtime.grant({
      subject: p.pid,
      resource: 'object:ns/shared/briefs/**',
      rights: 'read',
    });
    await t.runtime.run();
    expect(labelsOf(log[0])).toMatchObject({
      origins: ['model', 'human'],
      sensitivity: 'confidential',
    });
    const created = await t.runtime.journal({ limit: 10, type: 'object.created' });
    expect(created[0]).toMatchObject({ actor: 'operator', pid: null });
  });

  it('writes an object version to a workspace file through fs.write containment', async () => {
    const log: Outcome[] = [];
    await using t = await objectRuntime({
      exporter: once(async (ctx) => {
        await attempt(ctx, 'object.create', { name: 'out', type: 'text', content: 'first' });
        await attempt(ctx, 'object.update', { name: 'out', content: 'second', expectedVersion: 1 });
        log.push(
          await attempt(ctx, 'object.toFile', { name: 'out', version: 1, path: 'export/out.txt' }),
        );
        log.push(await attempt(ctx, 'object.toFile', { name: 'out', path: 'export/out.txt' }));
        log.push(
          await attempt(ctx, 'object.toFile', {
            name: 'out',
            path: 'export/out.txt',
            mode: 'create',
          }),
        );
        log.push(await attempt(ctx, 'object.toFile', { name: 'out', path: 'elsewhere.txt' }));
      }),
    });
    await mkdir(join(t.workspace, 'export'));
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'exporter' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:export/**', rights: 'write' });
    await t.runtime.run();
    expect(valueOf(log[0])).toMatchObject({ version: 1, created: true, bytes: 5 });
    expect(valueOf(log[1])).toMatchObject({ version: 2, created: false });
    expect(valueOf(log[1]).previousSha256).toBe(valueOf(log[0]).sha256);
    expect(log[2]).toMatchObject({ ok: false, code: 'ALREADY_EXISTS' });
    expect(log[3]).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
    expect(await readFile(join(t.workspace, 'export/out.txt'), 'utf8')).toBe('second');
    // Committed intents are settled by their completions; the refused one has its own entry.
    const intents = await t.runtime.store.read((r) => r.listIntents({ pid: p.pid, limit: 50 }));
    expect(intents.map((i) => i.state)).toEqual(['committed', 'committed', 'not_started']);
    const settled = await t.runtime.journal({ limit: 50, type: 'effect.settled' });
    expect(settled.map((e) => e.data.state)).toEqual(['not_started']);
  });
});
