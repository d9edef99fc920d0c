// mcp.listTools: the tools a registered MCP server offers, with the schema hash a grant pins.
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import type { Json } from '../../base/canonical-json.js';
import { sha256Hex } from '../../base/hash.js';
import { canonicalJson } from '../../base/canonical-json.js';
import { mcpCallResource, type McpServer } from '../../kernel/mcp/types.js';
import type { McpIsolation } from '../../ports/mcp-client.js';
import { defineSyscall, done } from '../define-syscall.js';
import { requireClients, requireServer, serverInput } from './locate-server.js';
import { viewFor } from './server-view.js';

const ATTEMPTED = 'Listing the tools of an MCP server';

const input = z.strictObject({ server: serverInput });

/** Input of `mcp.listTools`. */
export type McpListToolsInput = z.infer<typeof input>;

/** One tool as a process sees it. */
export interface ListedTool {
  readonly name: string;
  readonly description: string | null;
  readonly inputSchema: Json;
  readonly schemaSha256: string;
  /** The resource a call needs `call` on (`mcp:<server>/<tool>/<schemaSha256>`). */
  readonly resource: string;
}

/** Output of `mcp.listTools`. */
export interface McpListToolsOutput {
  readonly server: string;
  readonly tools: readonly ListedTool[];
  /** How the server runs: `bwrap` (sandboxed child), `none` (operator's choice) or `remote`. */
  readonly isolation: McpIsolation;
}

/**
 * `mcp.listTools`: asks a registered server for its tools (starting it on first use, a stdio
 * server inside the sandbox derived from the caller's grants) and records what it offers. Needs
 * `list` on `mcp:<server>`: a listing reveals the server's tool names, descriptions and schemas,
 * so it is a right of its own, apart from calling any one tool.
 * @throws NOT_PERMITTED, NOT_FOUND (no such server), MCP_UNAVAILABLE, DEADLINE_EXCEEDED
 */
export const mcpListTools = defineSyscall<McpListToolsInput, McpListToolsOutput, McpServer | null>({
  name: 'mcp.listTools',
  summary: 'List the tools of a registered MCP server, with their input schema hashes.',
  input,
  effect: 'none',
  locate: async (args, ctx) => (await ctx.reader.getMcpServer(args.server)) ?? null,
  resources: (args) => [{ resource: { kind: 'mcp', path: args.server }, right: 'list' }],
  received: (args) => ({ resources: [`mcp:${args.server}`], origins: ['external'] }),
  journal: (args, output) => ({
    server: args.server,
    tools: output.tools.length,
    toolsSha256: sha256Hex(canonicalJson(output.tools.map((t) => [t.name, t.schemaSha256]))),
    isolation: output.isolation,
  }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const server = requireServer(ctx.located ?? null, args.server, ATTEMPTED);
    const clients = requireClients(ctx.kernel, ATTEMPTED);
    const view = await viewFor(server, ctx);
    const listed = await clients.listTools(server, { view, signal: ctx.signal });
    const recorded = await ctx.kernel.recordMcpTools(server.id, listed.tools);
    return done({
      server: server.id,
      isolation: listed.isolation,
      tools: recorded.map((t) => ({
        name: t.name,
        description: t.description,
        inputSchema: t.inputSchema,
        schemaSha256: t.schemaSha256,
        resource: `mcp:${mcpCallResource(server.id, t.name, t.schemaSha256)}`,
      })),
    });
  },
});
