// The MCP registry routes over real HTTP: add, list, read, remove, bad input refused with its code,
// the bearer token required, and the routes in the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { createTempRuntime, type TempRuntime } from '../../src/testing/temp-runtime.js';

let t: TempRuntime;
let server: RunningServer;

async function call(
  path: string,
  init: { method?: string; body?: unknown; token?: string | null } = {},
): Promise<{ status: number; body: unknown }> {
  const { token = server.token } = init;
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

beforeAll(async () => {
  t = await createTempRuntime();
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

describe('the MCP registry routes', () => {
  it('register, list, read and remove a server', async () => {
    const added = await call('/api/mcp/servers', {
      method: 'POST',
      body: { id: 'web', transport: { kind: 'http', url: 'http://127.0.0.1:9/mcp' } },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: 'web', transport: { kind: 'http' } });
    const stdio = await call('/api/mcp/servers', {
      method: 'POST',
      body: { id: 'files', transport: { kind: 'stdio', argv: ['node', '/opt/server.js'] } },
    });
    expect(stdio.body).toMatchObject({
      transport: { kind: 'stdio', cwd: '.', env: {}, binds: [], unsandboxed: false },
    });
    const page = await call('/api/mcp/servers?limit=1');
    expect(page.body).toMatchObject({ items: [{ id: 'files' }], next: 'files' });
    const rest = await call('/api/mcp/servers?after=files');
    expect(rest.body).toMatchObject({ items: [{ id: 'web' }], next: null });
    const shown = await call('/api/mcp/servers/web');
    expect(shown.body).toMatchObject({ server: { id: 'web' }, tools: [] });
    expect((await call('/api/mcp/servers/web', { method: 'DELETE' })).status).toBe(200);
    const gone = await call('/api/mcp/servers/web');
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('refuses bad input and a missing token, registering nothing', async () => {
    const bad = await call('/api/mcp/servers', {
      method: 'POST',
      body: { id: 'x', transport: { kind: 'stdio', argv: ['node'], cwd: '../out' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    const anonymous = await call('/api/mcp/servers', {
      method: 'POST',
      token: null,
      body: { id: 'y', transport: { kind: 'http', url: 'http://127.0.0.1:9/' } },
    });
    expect(anonymous.status).toBe(401);
    const listed = await call('/api/mcp/servers');
    expect((listed.body as { items: { id: string }[] }).items.map((s) => s.id)).not.toContain('y');
    expect((listed.body as { items: { id: string }[] }).items.map((s) => s.id)).not.toContain('x');
  });

  it('lists the routes in the OpenAPI document', async () => {
    const doc = await call('/api/openapi.json');
    expect(Object.keys((doc.body as { paths: object }).paths)).toEqual(
      expect.arrayContaining(['/api/mcp/servers', '/api/mcp/servers/{id}']),
    );
  });
});
