// The MCP client adapter: the official SDK Client over stdio (sandboxed) or streamable HTTP, one connection per server and view.
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Json } from '../base/canonical-json.js';
import { canonicalJson } from '../base/canonical-json.js';
import { LibosError } from '../base/errors.js';
import { MCP_TOOL_NAME, type McpServer } from '../kernel/mcp/types.js';
import type {
  McpCallResult,
  McpClients,
  McpIsolation,
  McpToolInfo,
  McpView,
} from '../ports/mcp-client.js';
import { BWRAP_INSTALL_HINT, probeBwrap } from '../sandbox/shell/probe-bwrap.js';
import { createArgsChecker } from './check-args.js';
import { FdStdioTransport } from './fd-stdio-transport.js';
import { toMcpError } from './mcp-error.js';
import { sandboxedCommand } from './server-command.js';

/** How long starting a server and its initialize handshake may take. */
export const CONNECT_TIMEOUT_MS = 20_000;
/** Most connections kept at once; the least recently used idle one is closed past it. */
export const MAX_CONNECTIONS = 32;
/** Most tools read from one server (pages of a listing until then). */
const MAX_TOOLS = 1_000;

/** Options of `createMcpClients`. */
export interface McpClientsOptions {
  /** The bwrap binary (default: found by the probe); `false`: this host has no sandbox. */
  readonly bwrap?: string | false;
}

interface Connection {
  readonly client: Client;
  readonly transport: Transport;
  readonly isolation: McpIsolation;
  tools: Promise<McpToolInfo[]> | null;
  inUse: number;
  lastUsed: number;
  closed: boolean;
}

/**
 * Creates the MCP clients of a runtime. Connections open lazily on first use and are kept per
 * server and view (stdio servers in the bubblewrap sandbox, one child per distinct view; an
 * unsandboxed or HTTP server, one per server); a server that ends is dropped and started again
 * on the next use; `close` ends them all.
 */
export function createMcpClients(options: McpClientsOptions = {}): McpClients {
  const pool = new Map<string, Promise<Connection>>();
  const checkArgs = createArgsChecker();
  let bwrap: Promise<string | null> | null = null;
  let tick = 0;
  let closed = false;

  const findBwrap = (): Promise<string | null> => {
    if (options.bwrap === false) return Promise.resolve(null);
    bwrap ??= probeBwrap(options.bwrap === undefined ? {} : { path: options.bwrap }).then((p) =>
      p.ok ? p.path : null,
    );
    return bwrap;
  };

  async function open(server: McpServer, view: McpView, signal: AbortSignal): Promise<Connection> {
    const attempted = `Starting MCP server ${server.id}`;
    const { transport, isolation } = await makeTransport(server, view, attempted);
    const client = new Client({ name: 'agent-libos', version: '1' }, { capabilities: {} });
    const connection: Connection = {
      client,
      transport,
      isolation,
      tools: null,
      inUse: 0,
      lastUsed: tick,
      closed: false,
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      connection.tools = null;
    });
    client.onclose = () => {
      connection.closed = true;
    };
    const local = follow(signal);
    try {
      await client.connect(transport, { signal: local.signal, timeout: CONNECT_TIMEOUT_MS });
    } catch (error) {
      await client.close().catch(() => undefined);
      const mapped = toMcpError(error, { attempted, signal });
      if (signal.aborted) throw mapped;
      throw new LibosError(
        'MCP_UNAVAILABLE',
        `${attempted} failed: it did not start or did not answer the handshake`,
      );
    } finally {
      local.release();
    }
    return connection;
  }

  async function makeTransport(
    server: McpServer,
    view: McpView,
    attempted: string,
  ): Promise<{ transport: Transport; isolation: McpIsolation }> {
    const spec = server.transport;
    if (spec.kind === 'http')
      return {
        transport: new StreamableHTTPClientTransport(new URL(spec.url)),
        isolation: 'remote',
      };
    if (spec.unsandboxed) {
      const [command = '', ...args] = spec.argv;
      const transport = new StdioClientTransport({
        command,
        args,
        env: { ...getDefaultEnvironment(), ...spec.env },
        cwd: join(view.workspace, spec.cwd),
        stderr: 'ignore',
      });
      return { transport, isolation: 'none' };
    }
    const found = await findBwrap();
    if (found === null)
      throw new LibosError(
        'NOT_PERMITTED',
        `${attempted} was refused: this host has no sandbox for MCP servers; the operator can ${BWRAP_INSTALL_HINT}, or register the server with --unsandboxed`,
      );
    const planned = await view.open();
    try {
      const command = sandboxedCommand(
        { ...server, transport: spec },
        { bwrap: found, entries: planned.entries, network: view.network, hidden: view.hidden },
      );
      const transport = new FdStdioTransport({ ...command, env: {}, cwd: '/' });
      // bwrap has mounted the binds once it runs; the descriptors are released after the start.
      await transport.start().finally(() => planned.close());
      // The SDK's Client calls start() itself; the child already runs.
      transport.start = () => Promise.resolve();
      return { transport, isolation: 'bwrap' };
    } catch (error) {
      await planned.close();
      throw error;
    }
  }

  async function acquire(
    server: McpServer,
    view: McpView,
    signal: AbortSignal,
  ): Promise<Connection> {
    if (closed)
      throw new LibosError(
        'CANCELLED',
        `Reaching MCP server ${server.id} failed: the runtime is closing`,
      );
    const key = keyOf(server, view);
    for (;;) {
      let pending = pool.get(key);
      if (pending === undefined) {
        pending = open(server, view, signal);
        pool.set(key, pending);
        pending.catch(() => pool.delete(key));
        await evict(key);
      }
      const connection = await pending;
      if (connection.closed) {
        if (pool.get(key) === pending) pool.delete(key);
        continue;
      }
      connection.inUse += 1;
      connection.lastUsed = ++tick;
      return connection;
    }
  }

  // Past MAX_CONNECTIONS, the least recently used idle connection is closed.
  async function evict(keep: string): Promise<void> {
    if (pool.size <= MAX_CONNECTIONS) return;
    let oldest: { key: string; connection: Connection } | null = null;
    for (const [key, pending] of pool) {
      if (key === keep) continue;
      const connection = await pending.catch(() => null);
      if (connection === null || connection.inUse > 0) continue;
      if (oldest === null || connection.lastUsed < oldest.connection.lastUsed)
        oldest = { key, connection };
    }
    if (oldest === null) return;
    pool.delete(oldest.key);
    await oldest.connection.client.close().catch(() => undefined);
  }

  async function toolsOf(connection: Connection, signal: AbortSignal): Promise<McpToolInfo[]> {
    const tools = (connection.tools ??= listAll(connection.client, signal));
    return tools.catch((error: unknown) => {
      if (connection.tools === tools) connection.tools = null;
      throw error;
    });
  }

  return {
    async listTools(server, { view, signal }) {
      const attempted = `Listing the tools of MCP server ${server.id}`;
      const connection = await acquire(server, view, signal);
      const local = follow(signal);
      try {
        return { tools: await toolsOf(connection, local.signal), isolation: connection.isolation };
      } catch (error) {
        throw toMcpError(error, { attempted, signal });
      } finally {
        local.release();
        connection.inUse -= 1;
      }
    },
    async callTool(server, call) {
      const attempted = `Calling tool ${call.tool} of MCP server ${server.id}`;
      checkArgs({ attempted, ...call });
      const connection = await acquire(server, call.view, call.signal);
      const local = follow(call.signal);
      try {
        call.onSend();
        const result = await connection.client.callTool(
          { name: call.tool, arguments: call.args },
          undefined,
          { signal: local.signal, timeout: call.timeoutMs },
        );
        return resultOf(result);
      } catch (error) {
        throw toMcpError(error, { attempted, signal: call.signal });
      } finally {
        local.release();
        connection.inUse -= 1;
      }
    },
    async close() {
      closed = true;
      const all = [...pool.values()];
      pool.clear();
      await Promise.all(
        all.map(async (pending) => {
          const connection = await pending.catch(() => null);
          await connection?.client.close().catch(() => undefined);
        }),
      );
    },
  };
}

// A signal that follows `signal` for one request only: the SDK adds an abort listener per request
// and never removes it, which on a quantum's long-lived signal would pile up call after call.
function follow(signal: AbortSignal): { signal: AbortSignal; release: () => void } {
  const local = new AbortController();
  const onAbort = (): void => {
    local.abort(signal.reason);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: local.signal,
    release: () => {
      signal.removeEventListener('abort', onAbort);
    },
  };
}

// A connection serves one registration (a server removed and added again gets a new one) and,
// for a sandboxed stdio server, one view.
function keyOf(server: McpServer, view: McpView): string {
  const spec = server.transport;
  const sandboxed = spec.kind === 'stdio' && !spec.unsandboxed;
  return canonicalJson([server.id, server.createdAt, spec, sandboxed ? view.key : null]);
}

async function listAll(client: Client, signal: AbortSignal): Promise<McpToolInfo[]> {
  const out: McpToolInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor }, { signal });
    for (const tool of page.tools) {
      if (!MCP_TOOL_NAME.test(tool.name)) continue;
      out.push({
        name: tool.name,
        description: tool.description ?? null,
        inputSchema: JSON.parse(JSON.stringify(tool.inputSchema)) as Json,
      });
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined && out.length < MAX_TOOLS);
  return out;
}

function resultOf(result: Record<string, unknown>): McpCallResult {
  const content = Array.isArray(result['content']) ? (result['content'] as Json[]) : [];
  const structured = result['structuredContent'];
  return {
    content: JSON.parse(JSON.stringify(content)) as Json[],
    structuredContent:
      structured === undefined ? null : (JSON.parse(JSON.stringify(structured)) as Json),
    isError: result['isError'] === true,
  };
}
