// The world's exits under labels: a secret read from a file stops at a fetch and at an MCP call.
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useMcpRigs } from '../mcp/mcp-kit.js';
// @ts-expect-error -- the fixture is plain ESM JavaScript, run as the servers under test
import * as httpFixture from '../mcp/fixtures/http-server.mjs';
import type { Outcome, Rig } from '../security/helpers.js';

const SECRET = 'API_KEY=sk-live-world-42';
let web: Server;
let webOrigin = '';
const received: string[] = [];
let mcp: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  web = createServer((req, res) => {
    received.push(req.url ?? '');
    res.end('ok');
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webOrigin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  mcp = await (httpFixture as { startHttpFixture: () => Promise<typeof mcp> }).startHttpFixture();
});

afterAll(async () => {
  await new Promise<void>((resolve) =>
    web.close(() => {
      resolve();
    }),
  );
  await mcp.close();
});

/** A process that reads `.env`, then makes `exit`; every outcome of every quantum is kept. */
async function readThen(rig: Rig, exit: [string, unknown], grants: Parameters<Rig['spawn']>[1]) {
  await writeFile(join(rig.workspace, '.env'), SECRET);
  const outcomes: Outcome[] = [];
  rig.script('leak', async (ctx) => {
    outcomes.push(await rig.call(ctx, 'fs.read', { path: '.env' }));
    outcomes.push(await rig.call(ctx, exit[0], exit[1]));
  });
  const pid = await rig.spawn('leak', grants);
  await rig.run();
  return { pid, outcomes };
}

describe('a secret at the exits that reach the world', { timeout: 30_000 }, () => {
  const makeRig = useMcpRigs();

  it('holds a fetch after the process read .env, sends nothing, and lets allow_once through once', async () => {
    const rig = await makeRig();
    const url = `${webOrigin}/collect?k=${encodeURIComponent(SECRET)}`;
    const before = received.length;
    const { pid, outcomes } = await readThen(rig, ['net.fetch', { url }], {
      grants: [
        { resource: 'fs:**', rights: ['read'] },
        { resource: `net:${webOrigin}/**`, rights: ['get'] },
      ],
    });
    expect(outcomes[1]?.kind).toBe('blocked');
    expect(received.length).toBe(before);
    const [request] = await rig.runtime.requests({ pid });
    expect(request?.body).toMatchObject({
      kind: 'permission',
      rights: ['declassify'],
      syscall: 'net.fetch',
      flow: { sensitivity: 'secret', sources: ['fs:.env (secret)'] },
    });
    await rig.runtime.decide(request?.id ?? '', { decision: 'allow_once' });
    await rig.run();
    expect(received.length).toBe(before + 1);
    expect(JSON.stringify(await rig.runtime.journal({ limit: 1000 }))).not.toContain('sk-live');
  });

  it('holds an MCP call after the process read .env, and a deny rule refuses it outright', async () => {
    const rig = await makeRig();
    await rig.runtime.mcp.add({ id: 'web', transport: { kind: 'http', url: mcp.url } });
    const grants = {
      grants: [
        { resource: 'fs:**', rights: ['read'] },
        { resource: 'mcp:web/**', rights: ['list', 'call'] },
      ],
    };
    const call: [string, unknown] = [
      'mcp.call',
      { server: 'web', tool: 'add', args: { a: 1, b: 2 } },
    ];
    const held = await readThen(rig, call, grants);
    expect(held.outcomes[1]?.kind).toBe('blocked');
    const [request] = await rig.runtime.requests({ pid: held.pid });
    expect(request?.body).toMatchObject({
      kind: 'permission',
      syscall: 'mcp.call',
      flow: { sensitivity: 'secret', sources: ['fs:.env (secret)'] },
    });
    await rig.runtime.flow.setRule({
      pattern: 'mcp:web',
      sensitivity: 'internal',
      onExceed: 'deny',
    });
    const denied = await readThen(rig, call, grants);
    expect(denied.outcomes[1]).toMatchObject({ kind: 'error', error: { code: 'NOT_PERMITTED' } });
  });
});
