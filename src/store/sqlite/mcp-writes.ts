// The MCP writes of a transaction: registering and removing a server, replacing its recorded tools.
import { LibosError } from '../../base/errors.js';
import type { McpServer, McpTool } from '../../kernel/mcp/types.js';
import type { McpReads, McpWrites } from './prepare-mcp.js';
import { toMcpServerRow, toMcpToolRow } from './prepare-mcp.js';
import { isUniqueViolation } from './to-store-error.js';

/**
 * Registers a server.
 * @throws ALREADY_EXISTS (the id is taken)
 */
export function writeMcpServer(writes: McpWrites, server: McpServer): void {
  try {
    writes.insertServer.run(toMcpServerRow(server));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new LibosError(
      'ALREADY_EXISTS',
      `Registering MCP server ${server.id} failed: it exists`,
      { details: { server: server.id } },
    );
  }
}

/** Removes a server and its tools; returns whether it existed. */
export function removeMcpServer(writes: McpWrites, id: string): boolean {
  writes.deleteTools.run(id);
  return writes.deleteServer.run(id).changes > 0;
}

/**
 * Replaces the tools recorded for `server`; every check comes before the first write.
 * @throws NOT_FOUND (no such server), INVALID_INPUT (a tool of another server, a name twice)
 */
export function replaceMcpTools(
  db: { readonly writes: McpWrites; readonly reads: McpReads },
  server: string,
  tools: readonly McpTool[],
): void {
  const attempted = `Recording the tools of MCP server ${server}`;
  if (db.reads.getServer(server) === undefined)
    throw new LibosError('NOT_FOUND', `${attempted} failed: there is no such server`, {
      details: { server },
    });
  const names = new Set<string>();
  for (const tool of tools) {
    if (tool.server !== server || names.has(tool.name))
      throw new LibosError(
        'INVALID_INPUT',
        `${attempted} failed: tool ${tool.name} is another server's or listed twice`,
      );
    names.add(tool.name);
  }
  db.writes.deleteTools.run(server);
  for (const tool of tools) db.writes.insertTool.run(toMcpToolRow(tool));
}
