// The Store port's MCP part: servers the operator registered and the tools seen on them.
import type { McpServer, McpTool } from '../kernel/mcp/types.js';

/** Reads of MCP servers and their recorded tools. */
export interface McpReader {
  getMcpServer(id: string): Promise<McpServer | undefined>;
  /** Servers keyset-paged by id, after `afterId`. */
  listMcpServers(query: { afterId?: string; limit: number }): Promise<McpServer[]>;
  /** The tools recorded for `server`, by name. */
  listMcpTools(server: string): Promise<McpTool[]>;
  /** One recorded tool, if the runtime has seen it. */
  getMcpTool(server: string, name: string): Promise<McpTool | undefined>;
}

/** Writes of MCP servers; only inside a transaction. */
export interface McpWriter {
  /**
   * Registers a server.
   * @throws ALREADY_EXISTS when the id is taken
   */
  insertMcpServer(server: McpServer): Promise<void>;
  /**
   * Removes a server and its recorded tools; returns whether it existed.
   */
  deleteMcpServer(id: string): Promise<boolean>;
  /**
   * Replaces the recorded tools of `server` with `tools` (each naming `server`).
   * @throws NOT_FOUND when the server is not registered; INVALID_INPUT when a tool names another
   */
  replaceMcpTools(server: string, tools: readonly McpTool[]): Promise<void>;
}
