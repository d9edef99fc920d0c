// The API the web console reads: requests in context (diffs, paths, grants), transcripts linked
// to journal entries, revocation previews, namespaces and versions, and the page served without a
// token — against a real runtime running scripted agents over loopback TCP.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HumanRequest } from '../../src/kernel/approval/types.js';
import type { TranscriptEntry } from '../../src/kernel/agent/types.js';
import type { Capability } from '../../src/kernel/capability/types.js';
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import type { AgentProcess } from '../../src/kernel/process/types.js';
import { createScriptedProvider } from '../../src/models/scripted/create-scripted-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import type { ApprovalContext } from '../../src/runtime/authority/approval-context.js';
import { loadConsoleAssets } from '../../src/server/console-assets.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';
import { readEvents } from './sse-reader.js';

/** 12,000 distinct lines: against 12,000 others, an edit distance past the diff's bound. */
function lines(tag: string): string {
  return Array.from({ length: 12_000 }, (_, i) => `${tag} ${String(i)}`).join('\n');
}

const SCRIPTS = [
  {
    goal: 'Rewrite everything',
    calls: [
      { write_file: { path: 'notes/big.md', content: lines('new') } },
      { exit: { result: 'rewrote' } },
    ],
  },
  {
    goal: 'Write a lot',
    calls: [
      { write_file: { path: 'notes/long.md', content: 'x'.repeat(200_000) } },
      { exit: { result: 'wrote' } },
    ],
  },
  { goal: 'Lead', calls: [{ sleep: { seconds: 3600 } }, { exit: { result: 'led' } }] },
  {
    goal: 'Revise the plan',
    calls: [
      { write_file: { path: 'notes/plan.md', content: 'step one\nstep 2\nstep three\n' } },
      { exit: { result: 'revised' } },
    ],
  },
  {
    goal: 'Write through the link',
    calls: [{ write_file: { path: 'notes/link.md', content: 'x' } }, { exit: { result: 'done' } }],
  },
  {
    goal: 'Tidy up',
    calls: [
      { delete_file: { path: 'notes/old.md' } },
      { move_file: { from: 'notes/draft.md', to: 'notes/final.md' } },
      { exit: { result: 'tidied' } },
    ],
  },
  {
    goal: 'Ask for more',
    calls: [
      {
        request_permission: {
          resource: 'fs:docs/**',
          rights: ['read', 'write', 'delete'],
          reason: 'to update the docs',
        },
      },
      { exit: { result: 'asked' } },
    ],
  },
];

let t: TempRuntime;
let server: RunningServer;

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the JSON shape
async function call<T = unknown>(
  path: string,
  init: RequestInit & { token?: string | null } = {},
): Promise<{ status: number; body: T; headers: Headers; text: string }> {
  const { token = server.token, ...rest } = init;
  const response = await fetch(`${server.url ?? ''}${path}`, {
    ...rest,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(rest.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('json') === true;
  return {
    status: response.status,
    body: (isJson && text !== '' ? JSON.parse(text) : null) as T,
    headers: response.headers,
    text,
  };
}

/** Spawns an agent on the scripted model under `parent`, with `records`, and runs until idle. */
async function agent(
  goal: string,
  options: {
    parentPid?: string;
    imageId?: string;
    records?: { resource: string; rights: string; effect?: 'allow' | 'ask' | 'deny' }[];
  } = {},
): Promise<AgentProcess> {
  const process = await t.runtime.spawn({
    imageId: options.imageId ?? 'base',
    goal,
    model: 'scripted:console',
    ...(options.parentPid === undefined ? {} : { parentPid: options.parentPid }),
    records: options.records ?? [],
  });
  await t.runtime.run();
  return process;
}

async function pendingOf(pid: string): Promise<HumanRequest> {
  const [request] = await t.runtime.requests({ pid });
  if (request === undefined)
    throw new Error(
      `no pending request of ${pid}: ${JSON.stringify((await t.runtime.get(pid)).state)}`,
    );
  return request;
}

beforeAll(async () => {
  const provider = createScriptedProvider({ agents: SCRIPTS });
  t = await createTempRuntime({
    models: () => provider,
    body: createAgentBody({ defaultModel: 'scripted:console' }),
  });
  await mkdir(join(t.workspace, 'notes'));
  server = await startServer(t.runtime, {
    stateDirectory: t.dir,
    dbPath: t.dbPath,
    tcp: { host: '127.0.0.1', port: 0 },
    version: 'test',
  });
});

afterAll(async () => {
  await server.close();
  await t[Symbol.asyncDispose]();
});

describe('a request in context', () => {
  it('shows a write as a diff against the file as it is now, with who asks, and links the approved call to its model turn', async () => {
    await writeFile(join(t.workspace, 'notes/plan.md'), 'step one\nstep two\nstep three\n');
    // Spawned, not yet run: the child is spawned under it before it exits.
    const lead = await t.runtime.spawn({
      imageId: 'base',
      goal: 'Lead',
      model: 'scripted:console',
      records: [{ resource: 'clock:sleep', rights: 'use' }],
    });
    const child = await agent('Revise the plan', {
      parentPid: lead.pid,
      records: [{ resource: 'fs:notes/**', rights: 'write', effect: 'ask' }],
    });
    const request = await pendingOf(child.pid);
    const context = await call<ApprovalContext>(`/api/approvals/${request.id}/context`);
    expect(context.status).toBe(200);
    expect(context.body.process.pid).toBe(child.pid);
    expect(context.body.process.goal).toBe('Revise the plan');
    expect(context.body.lineage.map((p) => p.pid)).toEqual([lead.pid]);
    expect(context.body.request.body).toMatchObject({ syscall: 'fs.write' });
    const effect = context.body.effect;
    if (effect.kind !== 'write') throw new Error(`expected a write, got ${effect.kind}`);
    expect(effect).toMatchObject({ path: 'notes/plan.md', mode: 'overwrite', exists: true });
    expect(effect.diff).toContain('--- a/notes/plan.md');
    expect(effect.diff).toContain('\n-step two\n+step 2\n');

    // The diff is made against the file as it is when asked, not as it was when the agent asked.
    await writeFile(join(t.workspace, 'notes/plan.md'), 'step one\nstep two\n');
    const later = await call<ApprovalContext>(`/api/approvals/${request.id}/context`);
    if (later.body.effect.kind !== 'write') throw new Error('expected a write');
    expect(later.body.effect.diff).toContain('+step 2\n+step three\n');

    const decided = await call(`/api/approvals/${request.id}/decision`, {
      method: 'POST',
      body: JSON.stringify({ decision: 'allow_once' }),
    });
    expect(decided.status).toBe(200);
    await t.runtime.run();
    expect(await readFile(join(t.workspace, 'notes/plan.md'), 'utf8')).toBe(
      'step one\nstep 2\nstep three\n',
    );

    // The console's link: the tool call in the transcript, the syscall entry with its call id,
    // and the record (made by the human's decision) that allowed it.
    const transcript = await call<{ items: TranscriptEntry[] }>(
      `/api/processes/${child.pid}/transcript`,
    );
    const turn = transcript.body.items.find(
      (e) => e.item.kind === 'model' && e.item.toolCalls.some((c) => c.name === 'write_file'),
    );
    if (turn?.item.kind !== 'model') throw new Error('no model turn with the write');
    const toolCallId = turn.item.toolCalls[0]?.id;
    const journal = await call<{ items: JournalEntry[] }>(
      `/api/journal?pid=${child.pid}&limit=1000`,
    );
    const write = journal.body.items.find(
      (e) => e.type === 'syscall.completed' && e.data.syscall === 'fs.write',
    );
    expect(write?.data.callId).toBe(toolCallId);
    // The record that allowed it is the one-shot allow the human's decision became.
    const answered = await call<HumanRequest>(`/api/approvals/${request.id}`);
    if (answered.body.state.kind !== 'answered') throw new Error('the request is not answered');
    expect(answered.body.state.capabilityId).toBe(write?.data.capabilityId);
    expect((await call<{ spec: string }>(`/api/processes/${child.pid}/model`)).body).toEqual({
      spec: 'scripted:console',
    });
    // The journal head the console reads its newest entries from.
    const [last] = (await t.runtime.journal({ limit: 100_000 })).slice(-1);
    await expect
      .poll(async () => (await call<{ journalHead: number }>('/api/health')).body.journalHead)
      .toBe(last?.seq);
  });

  it('never reads through a link at the written path: no diff, the reason, nothing of the target', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'libos-outside-'));
    try {
      await writeFile(join(outside, 'secret.txt'), 'TOP-SECRET-HOST-CONTENT\n');
      await symlink(join(outside, 'secret.txt'), join(t.workspace, 'notes/link.md'));
      const writer = await agent('Write through the link', {
        records: [{ resource: 'fs:notes/**', rights: 'write', effect: 'ask' }],
      });
      const request = await pendingOf(writer.pid);
      const context = await call<ApprovalContext>(`/api/approvals/${request.id}/context`);
      expect(context.status).toBe(200);
      expect(context.body.effect).toMatchObject({ kind: 'write', diff: null });
      expect(context.text).not.toContain('TOP-SECRET-HOST-CONTENT');
      expect(context.text).not.toContain(outside);
      if (context.body.effect.kind !== 'write') throw new Error('expected a write');
      expect(context.body.effect.note).toMatch(/link/);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('shows a delete and a move as their paths, and a grant request as what the process has now', async () => {
    await writeFile(join(t.workspace, 'notes/old.md'), 'old');
    await writeFile(join(t.workspace, 'notes/draft.md'), 'draft');
    const tidy = await agent('Tidy up', {
      records: [{ resource: 'fs:notes/**', rights: 'write,delete', effect: 'ask' }],
    });
    const del = await pendingOf(tidy.pid);
    expect((await call<ApprovalContext>(`/api/approvals/${del.id}/context`)).body.effect).toEqual({
      kind: 'delete',
      path: 'notes/old.md',
    });
    await t.runtime.decide(del.id, { decision: 'allow_once' });
    await t.runtime.run();
    const move = await pendingOf(tidy.pid);
    expect((await call<ApprovalContext>(`/api/approvals/${move.id}/context`)).body.effect).toEqual({
      kind: 'move',
      from: 'notes/draft.md',
      to: 'notes/final.md',
    });

    const asker = await agent('Ask for more', {
      records: [
        { resource: 'fs:docs/**', rights: 'read' },
        { resource: 'fs:docs/intro.md', rights: 'write' },
        { resource: 'human:owner', rights: 'ask' },
      ],
    });
    const grant = await pendingOf(asker.pid);
    expect((await call<ApprovalContext>(`/api/approvals/${grant.id}/context`)).body.effect).toEqual(
      {
        kind: 'grant',
        resource: 'fs:docs/**',
        current: [
          { right: 'read', effect: 'allow' },
          // Part of the tree is writable already: the grant would add the rest.
          { right: 'write', effect: 'partial' },
          { right: 'delete', effect: 'deny' },
        ],
      },
    );
  });

  it('gives a note instead of a diff past its bound, and for content the preview cut', async () => {
    await writeFile(join(t.workspace, 'notes/big.md'), lines('old'));
    const rewriter = await agent('Rewrite everything', {
      records: [{ resource: 'fs:notes/**', rights: 'write', effect: 'ask' }],
    });
    const big = await call<ApprovalContext>(
      `/api/approvals/${(await pendingOf(rewriter.pid)).id}/context`,
    );
    expect(big.body.effect).toMatchObject({
      kind: 'write',
      exists: true,
      diff: null,
      note: 'the change is too large to show as a diff',
    });
    const writer = await agent('Write a lot', {
      records: [{ resource: 'fs:notes/**', rights: 'write', effect: 'ask' }],
    });
    const request = await pendingOf(writer.pid);
    const long = await call<ApprovalContext>(`/api/approvals/${request.id}/context`);
    expect(long.body.effect).toMatchObject({
      kind: 'write',
      exists: false,
      diff: null,
      truncated: true,
      bytes: 200_000,
    });
    // The preview is kept with the request (cut), but lists and events leave it out.
    const one = await call<HumanRequest>(`/api/approvals/${request.id}`);
    expect(one.body.body).toMatchObject({ preview: { kind: 'write', truncated: true } });
    const listed = await call<{ items: HumanRequest[] }>(`/api/approvals?pid=${writer.pid}`);
    expect(listed.body.items.map((r) => r.id)).toEqual([request.id]);
    expect(listed.body.items[0]?.body).not.toHaveProperty('preview');
    const stream = await fetch(`${server.url ?? ''}/api/events?pid=${writer.pid}&after=0`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    const events = await readEvents(stream, (seen) => seen.some((e) => e.event === 'request'));
    const sent = events.find((e) => e.event === 'request')?.data as HumanRequest | undefined;
    expect(sent?.id).toBe(request.id);
    expect(sent?.body).not.toHaveProperty('preview');
  });

  it('answers an unknown or malformed request id with NOT_FOUND or INVALID_ID', async () => {
    expect((await call('/api/approvals/apr_zzzzzzzz/context')).status).toBe(404);
    const bad = await call<{ error: { code: string } }>('/api/approvals/..%2Fx/context');
    expect(bad.body.error.code).toBe('INVALID_ID');
    expect((await call('/api/processes/proc_zzzzzzzz/transcript')).status).toBe(404);
  });
});

describe('revocation preview', () => {
  it('lists the record and everything delegated from it, changes nothing, and matches what revoke then revokes', async () => {
    const parent = await t.runtime.spawn({ imageId: 'base', goal: 'Hold' });
    const child = await t.runtime.spawn({ imageId: 'base', goal: 'Borrow', parentPid: parent.pid });
    const root = await t.runtime.grant({
      subject: parent.pid,
      resource: 'fs:shared/**',
      rights: 'read',
      delegable: true,
    });
    const delegated = await t.runtime.store.transact(async (tx) => {
      const record: Capability = {
        ...root,
        id: 'cap_delegated01x' as Capability['id'],
        subject: child.pid,
        parentId: root.id,
        issuedBy: parent.pid,
        depth: 1,
      };
      await tx.insertCapability(record);
      return record;
    });
    const preview = await call<{ records: (Capability & { resourceText: string })[] }>(
      `/api/capabilities/${root.id}/cascade`,
    );
    expect(preview.body.records.map((r) => r.id)).toEqual([root.id, delegated.id]);
    expect(preview.body.records[0]?.resourceText).toBe('fs:shared/**');
    const still = await t.runtime.capabilities({ subject: child.pid });
    expect(still.some((r) => r.id === delegated.id && r.revokedAt === null)).toBe(true);
    const revoked = await call<{ revoked: number }>(`/api/capabilities/${root.id}`, {
      method: 'DELETE',
    });
    expect(revoked.body.revoked).toBe(preview.body.records.length);
    expect((await call(`/api/capabilities/${root.id}/cascade`)).body).toEqual({ records: [] });
  });
});

describe('Object Memory for the console', () => {
  it('lists namespaces by name and every version of an object with its labels', async () => {
    await t.runtime.objects.createNamespace('shared/console');
    const created = await t.runtime.objects.create({
      namespace: 'shared/console',
      name: 'brief',
      type: 'text',
      content: 'v1',
    });
    await t.runtime.objects.update(created.object.id, { content: 'v2', expectedVersion: 1 });
    const namespaces = await call<{ items: { name: string; kind: string }[] }>(
      '/api/namespaces?limit=1000',
    );
    expect(namespaces.body.items).toContainEqual(
      expect.objectContaining({ name: 'shared/console', kind: 'shared' }),
    );
    const names = namespaces.body.items.map((ns) => ns.name);
    expect(names).toEqual([...names].sort());
    const versions = await call<{ items: { version: number; labels: unknown }[] }>(
      `/api/objects/${created.object.id}/versions`,
    );
    expect(versions.body.items.map((v) => v.version)).toEqual([1, 2]);
    expect(versions.body.items[0]?.labels).toBeDefined();
  });
});

describe('the console page', () => {
  it('is served at / without a token, with a strict policy, while every /api route still needs the token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'libos-console-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(join(dir, 'assets', 'app.js'), 'export {};');
    await writeFile(join(dir, 'assets', 'notes.txt'), 'not served');
    await mkdir(join(t.dir, 'second'));
    const own = await startServer(t.runtime, {
      stateDirectory: join(t.dir, 'second'),
      dbPath: t.dbPath,
      tcp: { host: '127.0.0.1', port: 0 },
      version: 'test',
      console: loadConsoleAssets(dir),
    });
    try {
      const page = await fetch(`${own.url ?? ''}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(await page.text()).toContain('<title>console</title>');
      const script = await fetch(`${own.url ?? ''}/assets/app.js`);
      expect(script.headers.get('content-type')).toContain('text/javascript');
      for (const path of [
        '/assets/notes.txt',
        '/assets/../index.html',
        '/assets/%2e%2e/%2e%2e/package.json',
        '/index.html',
        '/api/health',
        '/api/processes',
      ]) {
        const response = await fetch(`${own.url ?? ''}${path}`);
        expect(response.status, path).toBe(401);
      }
      expect((await fetch(`${own.url ?? ''}/`, { method: 'POST' })).status).toBe(401);
    } finally {
      await own.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
