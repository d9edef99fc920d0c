// mcp_list_tools: lists the tools of a registered MCP server through mcp.listTools.
import { z } from 'zod';
import type { Json } from '../../base/canonical-json.js';
import type { McpListToolsOutput } from '../../syscalls/mcp/list-tools.js';
import { defineTool } from '../define-tool.js';

/** Lists the tools an MCP server offers, with their input schemas. */
export const mcpListToolsTool = defineTool({
  name: 'mcp_list_tools',
  description:
    'List the tools of an MCP server the operator registered: each tool name, description and input JSON Schema. ' +
    'Needs the list right on that server.',
  args: z.object({ server: z.string().min(1).describe('The MCP server id') }).strict(),
  async run(args, ctx) {
    const result = await ctx.syscall('mcp.listTools', { server: args.server });
    if (result.blocked) return result;
    const out = result.value as McpListToolsOutput;
    const value: { [key: string]: Json } = {
      server: out.server,
      tools: out.tools.map((t) => ({
        name: t.name,
        description: t.description,
        inputSchema: t.inputSchema,
      })),
    };
    return { blocked: false, value };
  },
});
