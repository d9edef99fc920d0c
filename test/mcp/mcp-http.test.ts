// MCP over streamable HTTP: the same fixture server on a loopback port, listed and called under grants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpCallOutput } from '../../src/syscalls/mcp/call.js';
import type { McpListToolsOutput } from '../../src/syscalls/mcp/list-tools.js';
import { expectDeniedAndUntouched, type Outcome, type Rig } from '../security/helpers.js';
// @ts-expect-error -- the fixture is plain ESM JavaScript, run as the servers under test
import * as httpFixture from './fixtures/http-server.mjs';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
import { useMcpRigs } from './mcp-kit.js';

let fixture: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  const start = (httpFixture as { startHttpFixture: () => Promise<typeof fixture> })
    .startHttpFixture;
  fixture = await start();
});

afterAll(async () => {
  await fixture.close();
});

async function run(
  rig: Rig,
  grants: { resource: string; rights: string[] }[],
  steps: [string, unknown][],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const goal = `http-${rig.calls.length}`;
  rig.script(goal, async (ctx) => {
    for (const [syscall, input] of steps) outcomes.push(await rig.call(ctx, syscall, input));
  });
  await rig.spawn(goal, { grants });
  await rig.run();
  return outcomes;
}

describe('MCP servers over streamable HTTP', { timeout: 30_000 }, () => {
  const makeRig = useMcpRigs();

  it('lists and calls a tool under grants, the result labelled external', async () => {
    const rig = await makeRig();
    await rig.runtime.mcp.add({ id: 'web', transport: { kind: 'http', url: fixture.url } });
    const [listed, called] = await run(
      rig,
      [{ resource: 'mcp:web/**', rights: ['list', 'call'] }],
      [
        ['mcp.listTools', { server: 'web' }],
        ['mcp.call', { server: 'web', tool: 'add', args: { a: 20, b: 22 } }],
      ],
    );
    expect(listed?.kind).toBe('value');
    const tools = (listed as { value: McpListToolsOutput }).value;
    expect(tools.isolation).toBe('remote');
    expect(tools.tools.map((t) => t.name)).toContain('add');
    expect(called?.kind, JSON.stringify(called)).toBe('value');
    const out = (called as { value: McpCallOutput }).value;
    expect(out.preview).toBe('42');
    const stored = await rig.runtime.objects.read(out.object.id);
    expect(stored.version.labels.origins).toStrictEqual(['external']);
    // The listing the process read first (`mcp:web`) is in its taint, so it joins the result's labels.
    expect(stored.version.labels.sourceResources).toStrictEqual(['mcp:web', 'mcp:web/add']);
    expect(JSON.parse(new TextDecoder().decode(stored.bytes))).toMatchObject({
      structuredContent: { sum: 42 },
    });
  });

  it('denies a call without a grant', async () => {
    const rig = await makeRig();
    await rig.runtime.mcp.add({ id: 'web', transport: { kind: 'http', url: fixture.url } });
    await run(
      rig,
      [{ resource: 'mcp:web', rights: ['list'] }],
      [['mcp.call', { server: 'web', tool: 'add', args: { a: 1, b: 2 } }]],
    );
    await expectDeniedAndUntouched(rig, rig.callsOf('mcp.call')[0]!);
  });

  it('fails MCP_UNAVAILABLE, naming no address, when nothing answers at the URL', async () => {
    const rig = await makeRig();
    await rig.runtime.mcp.add({
      id: 'gone',
      transport: { kind: 'http', url: 'http://127.0.0.1:9/mcp' },
    });
    const [listed] = await run(
      rig,
      [{ resource: 'mcp:gone', rights: ['list'] }],
      [['mcp.listTools', { server: 'gone' }]],
    );
    expect(listed?.kind).toBe('error');
    const error = (listed as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('MCP_UNAVAILABLE');
    expect(error.message).not.toContain('127.0.0.1');
  });
});

describe('a runtime opened without MCP clients', () => {
  it('refuses to refresh a server it cannot reach instead of showing the stored tools as fresh', async () => {
    await using t = await createTempRuntime();
    await t.runtime.mcp.add({ id: 'web', transport: { kind: 'http', url: fixture.url } });
    await expect(t.runtime.mcp.show('web', { refresh: true })).rejects.toMatchObject({
      code: 'NOT_PERMITTED',
    });
    expect((await t.runtime.mcp.show('web')).tools).toStrictEqual([]);
  });
});
