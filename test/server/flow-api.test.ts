// The label and taint routes over real HTTP: set, list and remove rules (bad input refused), read and clear a taint.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';
import { callScripts } from '../flow/flow-harness.js';

let t: TempRuntime;
let server: RunningServer;

async function call(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${server.token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

beforeAll(async () => {
  const { body } = callScripts({ reader: [['fs.read', { path: '.env' }]] });
  t = await createTempRuntime({ body });
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

describe('the label and taint routes', () => {
  it('set, list and remove a rule, refusing a bad pattern with its code', async () => {
    const set = await call('/api/labels', {
      method: 'PUT',
      body: { pattern: 'fs:public/**', sensitivity: 'public', onExceed: 'deny' },
    });
    expect(set).toMatchObject({ status: 200, body: { pattern: 'fs:public/**', onExceed: 'deny' } });
    const listed = await call('/api/labels');
    expect(listed.body).toMatchObject({
      rules: [{ pattern: 'fs:public/**', sensitivity: 'public' }],
      defaults: expect.arrayContaining([expect.objectContaining({ pattern: 'fs:**/.env' })]),
    });
    const bad = await call('/api/labels', {
      method: 'PUT',
      body: { pattern: 'fs:/etc/passwd', sensitivity: 'public' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    const removed = await call(`/api/labels?pattern=${encodeURIComponent('fs:public/**')}`, {
      method: 'DELETE',
    });
    expect(removed).toMatchObject({ status: 200, body: { pattern: 'fs:public/**' } });
    const again = await call(`/api/labels?pattern=${encodeURIComponent('fs:public/**')}`, {
      method: 'DELETE',
    });
    expect(again.status).toBe(404);
  });

  it('read and clear the taint of a process', async () => {
    await writeFile(join(t.workspace, '.env'), 'K=v');
    const p = await t.runtime.spawn({ imageId: 'base', goal: 'reader' });
    await t.runtime.grant({ subject: p.pid, resource: 'fs:**', rights: 'read' });
    await t.runtime.run();
    const read = await call(`/api/processes/${p.pid}/taint`);
    expect(read.body).toMatchObject({
      pid: p.pid,
      sensitivity: 'secret',
      sources: [{ source: 'fs:.env', sensitivity: 'secret' }],
    });
    const cleared = await call(`/api/processes/${p.pid}/taint`, { method: 'DELETE' });
    expect(cleared.body).toMatchObject({ sensitivity: 'secret' });
    expect((await call(`/api/processes/${p.pid}/taint`)).body).toMatchObject({
      sensitivity: 'public',
      sources: [],
    });
  });
});
