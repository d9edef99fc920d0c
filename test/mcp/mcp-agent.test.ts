// An agent (scripted model, agent loop) with an image of its own that lists the MCP tools: it lists a
// server's tools and calls one through mcp_list_tools / mcp_call, and sees a denial as an error result.
import { describe, expect, it } from 'vitest';
import type { AgentImage } from '../../src/kernel/agent/types.js';
import { createMcpClients } from '../../src/mcp/mcp-clients.js';
import { createScriptedProvider } from '../../src/models/scripted/create-scripted-provider.js';
import { createAgentBody } from '../../src/runtime/agent/agent-body.js';
import { createTempRuntime } from '../../src/testing/temp-runtime.js';
// @ts-expect-error -- the fixture is plain ESM JavaScript, run as the servers under test
import * as httpFixture from './fixtures/http-server.mjs';

const IMAGE: AgentImage = {
  id: 'mcp-user',
  version: 1,
  description: 'Calls MCP tools.',
  systemPrompt: 'Use the MCP tools, then exit.',
  tools: ['mcp_list_tools', 'mcp_call', 'exit'],
  requirements: [],
  defaultBudget: {},
  defaultModel: null,
};

const start = (
  httpFixture as { startHttpFixture: () => Promise<{ url: string; close: () => Promise<void> }> }
).startHttpFixture;

describe('an agent calling MCP tools', { timeout: 30_000 }, () => {
  it('lists and calls through the tools, and sees a call it may not make as an error result', async () => {
    const fixture = await start();
    try {
      const provider = createScriptedProvider({
        agents: [
          {
            goal: 'Add numbers',
            calls: [
              { mcp_list_tools: { server: 'web' } },
              { mcp_call: { server: 'web', tool: 'add', args: { a: 2, b: 40 } } },
              { mcp_call: { server: 'web', tool: 'echo', args: { text: 'not granted' } } },
              { exit: { result: 'done' } },
            ],
          },
        ],
      });
      await using t = await createTempRuntime({
        models: () => provider,
        body: createAgentBody({ defaultModel: 'scripted:test' }),
        mcp: createMcpClients(),
      });
      await t.runtime.registerImage(IMAGE);
      await t.runtime.mcp.add({ id: 'web', transport: { kind: 'http', url: fixture.url } });
      const p = await t.runtime.spawn({
        model: 'scripted:test',
        imageId: 'mcp-user',
        goal: 'Add numbers',
      });
      await t.runtime.grant({ subject: p.pid, resource: 'mcp:web', rights: 'list' });
      await t.runtime.grant({ subject: p.pid, resource: 'mcp:web/add/**', rights: 'call' });
      await t.runtime.run();
      expect((await t.runtime.get(p.pid)).state).toEqual({ kind: 'exited', result: 'done' });
      const results = (
        await t.runtime.store.read((r) => r.listTranscript(p.pid, { limit: 100 }))
      ).flatMap((e) =>
        e.item.kind === 'result' ? [JSON.parse(e.item.content) as Record<string, unknown>] : [],
      );
      expect(results[0]).toMatchObject({ server: 'web' });
      expect((results[0] as { tools: { name: string }[] }).tools.map((x) => x.name)).toContain(
        'add',
      );
      expect(results[1]).toMatchObject({ isError: false, preview: '42' });
      expect(results[2]).toMatchObject({ error: { code: 'NOT_PERMITTED' } });
    } finally {
      await fixture.close();
    }
  });
});
