// mcp.call: calls one tool of a registered MCP server under a grant that pins the tool's input schema.
import { asciiOnly } from '../../base/ascii-only.js';
import { z } from 'zod';
import { throwIfAborted } from '../../base/abort.js';
import { canonicalJson, type Json } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import { sha256Hex } from '../../base/hash.js';
import { mcpCallResource, type McpServer, type McpTool } from '../../kernel/mcp/types.js';
import { privateNamespace } from '../../kernel/object/types.js';
import type { McpCallResult } from '../../ports/mcp-client.js';
import { defineSyscall, done } from '../define-syscall.js';
import { requireClients, requireServer, serverInput, toolInput } from './locate-server.js';
import { viewFor } from './server-view.js';

const ATTEMPTED = 'Calling an MCP tool';

/** Default and largest time one call may take. */
export const DEFAULT_MCP_TIMEOUT_MS = 60_000;
export const MAX_MCP_TIMEOUT_MS = 10 * 60_000;
/** Most characters of a result's text the output previews (the whole result is the object). */
export const PREVIEW_CHARS = 4 * 1024;
/** Most characters of the arguments a person approving the call reads. */
const APPROVAL_ARGS_CHARS = 2_000;

const input = z.strictObject({
  server: serverInput,
  tool: toolInput,
  args: z.record(z.string(), z.json()).default({}),
  timeoutMs: z.number().int().min(1).max(MAX_MCP_TIMEOUT_MS).default(DEFAULT_MCP_TIMEOUT_MS),
});

/** Input of `mcp.call`. */
export type McpCallInput = z.infer<typeof input>;

/** What `locate` found: the server and the tool as last recorded. */
interface Located {
  readonly server: McpServer | null;
  readonly tool: McpTool | null;
}

/** Output of `mcp.call`. */
export interface McpCallOutput {
  readonly server: string;
  readonly tool: string;
  /** The hash of the input schema the call was decided and made under. */
  readonly schemaSha256: string;
  /** The tool reported an error (the call itself went through). */
  readonly isError: boolean;
  /** The whole result, stored in the caller's private namespace (origin `external`). */
  readonly object: {
    readonly id: string;
    readonly namespace: string;
    readonly name: string;
    readonly version: number;
    readonly sha256: string;
    readonly size: number;
  };
  /** The result's text blocks, joined and cut to PREVIEW_CHARS. */
  readonly preview: string;
  readonly truncated: boolean;
}

/**
 * `mcp.call`: calls `tool` of a registered server with `args`. Needs `call` on
 * `mcp:<server>/<tool>/<schemaSha256>`, the hash of the tool's input schema as the runtime last
 * recorded it: a grant or approval naming that resource pins the schema (`mcp:<server>/**`
 * trusts any schema: the operator's explicit choice). Before sending, the body lists the tools
 * again (cached per connection until the server says its list changed); when the tool's schema
 * no longer has the decided hash the call is refused VERSION_CONFLICT and the new schema
 * recorded, so the call made again is decided on the new resource: an old grant or approval
 * does not cover it. Arguments are checked against the schema before anything is sent (by the adapter, which keeps
 * compiled validators by schema hash). The
 * result is stored whole as a `tool-result` object (origin `external`, source
 * `mcp:<server>/<tool>`) and previewed.
 * @throws NOT_PERMITTED, NOT_FOUND (no such server or tool), VERSION_CONFLICT (schema changed),
 *   INVALID_INPUT (args do not match the schema), MCP_UNAVAILABLE (server did not start, or
 *   ended mid-call), DEADLINE_EXCEEDED, TOOL_FAILED (the server refused the request)
 */
export const mcpCall = defineSyscall<McpCallInput, McpCallOutput, Located>({
  name: 'mcp.call',
  summary: 'Call a tool of a registered MCP server (its input schema pinned by hash).',
  input,
  effect: 'external',
  locate: async (args, ctx) => {
    const server = (await ctx.reader.getMcpServer(args.server)) ?? null;
    const tool =
      server === null ? null : ((await ctx.reader.getMcpTool(args.server, args.tool)) ?? null);
    return { server, tool };
  },
  resources: (args, ctx) => [
    {
      resource: {
        kind: 'mcp',
        path: mcpCallResource(args.server, args.tool, ctx.located?.tool?.schemaSha256 ?? null),
      },
      right: 'call',
    },
  ],
  approval: (args) => {
    const shown = asciiOnly(canonicalJson(args.args));
    const cut =
      shown.length > APPROVAL_ARGS_CHARS ? `${shown.slice(0, APPROVAL_ARGS_CHARS)}...` : shown;
    return `call tool ${args.tool} of MCP server ${args.server} with ${cut}`;
  },
  exit: (args) => ({ kind: 'mcp', target: args.server }),
  received: (args) => ({
    resources: [`mcp:${args.server}/${args.tool}`],
    origins: ['external'],
  }),
  journal: (args, output) => ({
    server: args.server,
    tool: args.tool,
    schemaSha256: output.schemaSha256,
    argsSha256: sha256Hex(canonicalJson(args.args)),
    isError: output.isError,
    object: output.object.id,
    version: output.object.version,
    sha256: output.object.sha256,
    size: output.object.size,
  }),
  async run(args, ctx) {
    throwIfAborted(ctx.signal, ATTEMPTED);
    const located = ctx.located ?? { server: null, tool: null };
    const server = requireServer(located.server, args.server, ATTEMPTED);
    const clients = requireClients(ctx.kernel, ATTEMPTED);
    const view = await viewFor(server, ctx);
    const listed = await clients.listTools(server, { view, signal: ctx.signal });
    const recorded = await ctx.kernel.recordMcpTools(server.id, listed.tools);
    const tool = recorded.find((t) => t.name === args.tool);
    if (tool === undefined)
      throw new LibosError(
        'NOT_FOUND',
        `${ATTEMPTED} failed: MCP server ${server.id} offers no tool ${args.tool}`,
        { details: { server: server.id, tool: args.tool } },
      );
    const decided = located.tool?.schemaSha256 ?? null;
    if (tool.schemaSha256 !== decided)
      throw new LibosError(
        'VERSION_CONFLICT',
        `${ATTEMPTED} was refused: the input schema of ${server.id}/${args.tool} is not the one the call was decided on; ` +
          `it is recorded now (sha256 ${tool.schemaSha256}), and a call made again needs authority for it`,
        { details: { server: server.id, tool: args.tool, schemaSha256: tool.schemaSha256 } },
      );
    const result = await clients.callTool(server, {
      tool: args.tool,
      args: args.args,
      inputSchema: tool.inputSchema,
      schemaSha256: tool.schemaSha256,
      view,
      timeoutMs: args.timeoutMs,
      signal: ctx.signal,
      onSend: () => {
        ctx.effectStarted({ server: server.id, tool: args.tool });
      },
    });
    const bytes = new TextEncoder().encode(canonicalJson(result));
    const stored = await ctx.kernel.objects.create({
      namespace: privateNamespace(ctx.pid),
      name: `mcp.${server.id}.${args.tool}.${ctx.callKey.slice(0, 16)}`.slice(0, 120),
      type: 'tool-result',
      schema: null,
      content: { bytes, fromExternal: `mcp:${server.id}/${args.tool}` },
    });
    const { text, truncated } = previewOf(result);
    return done({
      server: server.id,
      tool: args.tool,
      schemaSha256: tool.schemaSha256,
      isError: result.isError,
      object: {
        id: stored.object.id,
        namespace: stored.object.namespace,
        name: stored.object.name,
        version: stored.version.version,
        sha256: stored.version.sha256,
        size: stored.version.size,
      },
      preview: text,
      truncated,
    });
  },
});

// The text blocks of a result, joined; other blocks are named by their type.
function previewOf(result: McpCallResult): { text: string; truncated: boolean } {
  const parts = result.content.map((block) => {
    if (block !== null && typeof block === 'object' && !Array.isArray(block)) {
      const b = block as { readonly [key: string]: Json };
      if (b['type'] === 'text' && typeof b['text'] === 'string') return b['text'];
      return `[${typeof b['type'] === 'string' ? b['type'] : 'unknown'} content]`;
    }
    return '[unknown content]';
  });
  if (parts.length === 0 && result.structuredContent !== null)
    parts.push(canonicalJson(result.structuredContent));
  const text = parts.join('\n');
  return text.length <= PREVIEW_CHARS
    ? { text, truncated: false }
    : { text: text.slice(0, PREVIEW_CHARS), truncated: true };
}
