// The MCP writes of a SQLite transaction, a layer between the reader and SqliteTx (which extends it).
import type { McpServer, McpTool } from '../../kernel/mcp/types.js';
import type { McpWriter } from '../../ports/mcp-store.js';
import { removeMcpServer, replaceMcpTools, writeMcpServer } from './mcp-writes.js';
import type { McpWrites } from './prepare-mcp.js';
import type { SqliteReads } from './prepare-reads.js';
import { SqliteFileChangeReader } from './sqlite-file-change-reader.js';

/** A transaction's reads plus its MCP registry writes; SqliteTx adds everything else. */
export class SqliteMcpTx extends SqliteFileChangeReader implements McpWriter {
  readonly #reads: SqliteReads;
  readonly #writes: McpWrites;

  constructor(
    reads: SqliteReads,
    writes: McpWrites,
    options: { capabilityVersion?: () => number | null },
  ) {
    super(reads, options);
    this.#reads = reads;
    this.#writes = writes;
  }

  /** Registers an MCP server (see `writeMcpServer`). */
  insertMcpServer(server: McpServer): Promise<void> {
    return this.use(`Registering MCP server ${server.id}`, () => {
      writeMcpServer(this.#writes, server);
    });
  }

  /** Removes an MCP server and its recorded tools. */
  deleteMcpServer(id: string): Promise<boolean> {
    return this.use(`Removing MCP server ${id}`, () => removeMcpServer(this.#writes, id));
  }

  /** Replaces the tools recorded for an MCP server (see `replaceMcpTools`). */
  replaceMcpTools(server: string, tools: readonly McpTool[]): Promise<void> {
    return this.use(`Recording the tools of MCP server ${server}`, () => {
      replaceMcpTools({ writes: this.#writes, reads: this.#reads.mcp }, server, tools);
    });
  }
}
