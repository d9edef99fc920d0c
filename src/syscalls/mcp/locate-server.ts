// Finding the registered server (and the recorded tool) a call names, before any decision.
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import { MCP_SERVER_ID, MCP_TOOL_NAME, type McpServer } from '../../kernel/mcp/types.js';
import type { KernelOps } from '../../ports/kernel-ops.js';
import type { McpClients } from '../../ports/mcp-client.js';

/** A server id in a call's input. */
export const serverInput = z
  .string()
  .regex(MCP_SERVER_ID, 'a server id is lowercase letters, digits, _ or -');

/** A tool name in a call's input. */
export const toolInput = z
  .string()
  .regex(MCP_TOOL_NAME, 'a tool name is 1-64 letters, digits, _, . or -');

/**
 * The registered server, once authority was checked; an unknown id is NOT_FOUND only then, so a
 * process without a grant learns nothing of which servers exist.
 * @throws NOT_FOUND
 */
export function requireServer(server: McpServer | null, id: string, attempted: string): McpServer {
  if (server === null)
    throw new LibosError('NOT_FOUND', `${attempted} failed: no MCP server ${id} is registered`, {
      details: { server: id },
    });
  return server;
}

/**
 * The runtime's MCP clients.
 * @throws NOT_PERMITTED when the runtime reaches no MCP server
 */
export function requireClients(kernel: KernelOps, attempted: string): McpClients {
  const clients = kernel.mcpClients();
  if (clients === null)
    throw new LibosError(
      'NOT_PERMITTED',
      `${attempted} was refused: this runtime reaches no MCP servers (it was opened without MCP clients)`,
    );
  return clients;
}
