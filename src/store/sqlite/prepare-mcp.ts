// Prepared statements for MCP servers and the tools recorded for them, and their row mapping.
import type Database from 'better-sqlite3';
import type { Json } from '../../base/canonical-json.js';
import { canonicalJson } from '../../base/canonical-json.js';
import { LibosError } from '../../base/errors.js';
import type { McpServer, McpTool, McpTransport } from '../../kernel/mcp/types.js';

/** A row of `mcp_servers`. */
export interface McpServerRow {
  readonly id: string;
  readonly transport: string;
  readonly spec: string;
  readonly created_at: number;
}

/** A row of `mcp_tools`. */
export interface McpToolRow {
  readonly server_id: string;
  readonly name: string;
  readonly description: string | null;
  readonly input_schema: string;
  readonly schema_sha256: string;
  readonly seen_at: number;
}

const SERVER_COLUMNS = 'id, transport, spec, created_at';
const TOOL_COLUMNS = 'server_id, name, description, input_schema, schema_sha256, seen_at';

/** Raw MCP reads. */
export interface McpReads {
  getServer(id: string): McpServerRow | undefined;
  listServers(afterId: string, limit: number): McpServerRow[];
  listTools(server: string): McpToolRow[];
  getTool(server: string, name: string): McpToolRow | undefined;
}

/** Prepares the MCP reads of `db`. */
export function prepareMcpReads(db: Database.Database): McpReads {
  const get = db.prepare<[string], McpServerRow>(
    `SELECT ${SERVER_COLUMNS} FROM mcp_servers WHERE id = ?`,
  );
  const list = db.prepare<[string, number], McpServerRow>(
    `SELECT ${SERVER_COLUMNS} FROM mcp_servers WHERE id > ? ORDER BY id LIMIT ?`,
  );
  const tools = db.prepare<[string], McpToolRow>(
    `SELECT ${TOOL_COLUMNS} FROM mcp_tools WHERE server_id = ? ORDER BY name`,
  );
  const tool = db.prepare<[string, string], McpToolRow>(
    `SELECT ${TOOL_COLUMNS} FROM mcp_tools WHERE server_id = ? AND name = ?`,
  );
  return {
    getServer: (id) => get.get(id),
    listServers: (afterId, limit) => list.all(afterId, limit),
    listTools: (server) => tools.all(server),
    getTool: (server, name) => tool.get(server, name),
  };
}

/** Prepared MCP writes. */
export interface McpWrites {
  readonly insertServer: Database.Statement<[McpServerRow]>;
  readonly deleteServer: Database.Statement<[string]>;
  readonly deleteTools: Database.Statement<[string]>;
  readonly insertTool: Database.Statement<[McpToolRow]>;
}

/** Prepares the MCP writes of the writing connection. */
export function prepareMcpWrites(db: Database.Database): McpWrites {
  return {
    insertServer: db.prepare(
      `INSERT INTO mcp_servers (${SERVER_COLUMNS}) VALUES (@id, @transport, @spec, @created_at)`,
    ),
    deleteServer: db.prepare('DELETE FROM mcp_servers WHERE id = ?'),
    deleteTools: db.prepare('DELETE FROM mcp_tools WHERE server_id = ?'),
    insertTool: db.prepare(
      `INSERT INTO mcp_tools (${TOOL_COLUMNS}) VALUES (@server_id, @name, @description, ` +
        '@input_schema, @schema_sha256, @seen_at)',
    ),
  };
}

/** The row of `server`. */
export function toMcpServerRow(server: McpServer): McpServerRow {
  const { kind, ...spec } = server.transport;
  return {
    id: server.id,
    transport: kind,
    spec: canonicalJson(spec),
    created_at: server.createdAt,
  };
}

/**
 * The server of `row`.
 * @throws STORE_CORRUPT when the row does not read as a server
 */
export function fromMcpServerRow(row: McpServerRow): McpServer {
  const spec = JSON.parse(row.spec) as Record<string, unknown>;
  let transport: McpTransport;
  if (row.transport === 'http' && typeof spec['url'] === 'string') {
    transport = { kind: 'http', url: spec['url'] };
  } else if (row.transport === 'stdio' && Array.isArray(spec['argv'])) {
    transport = {
      kind: 'stdio',
      argv: spec['argv'] as string[],
      env: (spec['env'] ?? {}) as Record<string, string>,
      cwd: typeof spec['cwd'] === 'string' ? spec['cwd'] : '.',
      binds: (spec['binds'] ?? []) as string[],
      unsandboxed: spec['unsandboxed'] === true,
    };
  } else {
    throw new LibosError('STORE_CORRUPT', `Reading MCP server ${row.id} failed: bad transport`);
  }
  return { id: row.id, transport, createdAt: row.created_at };
}

/** The row of `tool`. */
export function toMcpToolRow(tool: McpTool): McpToolRow {
  return {
    server_id: tool.server,
    name: tool.name,
    description: tool.description,
    input_schema: canonicalJson(tool.inputSchema),
    schema_sha256: tool.schemaSha256,
    seen_at: tool.seenAt,
  };
}

/** The tool of `row`. */
export function fromMcpToolRow(row: McpToolRow): McpTool {
  return {
    server: row.server_id,
    name: row.name,
    description: row.description,
    inputSchema: JSON.parse(row.input_schema) as Json,
    schemaSha256: row.schema_sha256,
    seenAt: row.seen_at,
  };
}
