// The MCP client port: lists and calls the tools of registered servers, connections kept per server and view.
import type { Json } from '../base/canonical-json.js';
import type { McpServer } from '../kernel/mcp/types.js';
import type { SandboxEntry } from './command-runner.js';

/**
 * What a stdio server may see: the workspace entries planned from the calling process's grants
 * (read-only), whether it shares the network, and the key of that view. Servers are kept per
 * (server, key): processes whose grants plan the same view share one child.
 */
export interface McpView {
  /** sha256 of what decides the view; equal keys plan equal sandboxes. */
  readonly key: string;
  readonly network: boolean;
  /** Host path of the workspace (an unsandboxed server's working directory is inside it). */
  readonly workspace: string;
  /** Host paths the server must not see even under a bound system directory. */
  readonly hidden: readonly string[];
  /**
   * Plans the view, called only when a new child is started: its entries hold descriptors the
   * sandbox binds; `close` releases them once the child runs.
   */
  open(): Promise<{ readonly entries: readonly SandboxEntry[]; close(): Promise<void> }>;
}

/** One tool a server offers, as it described it. */
export interface McpToolInfo {
  readonly name: string;
  readonly description: string | null;
  readonly inputSchema: Json;
}

/** The result of a tool call, as the server sent it. */
export interface McpCallResult {
  /** The result's `content` blocks. */
  readonly content: readonly Json[];
  readonly structuredContent: Json | null;
  /** The tool reported an error (the call itself went through). */
  readonly isError: boolean;
}

/** How a server connection is isolated: `bwrap`, `none` (the operator's choice) or `remote` (HTTP). */
export type McpIsolation = 'bwrap' | 'none' | 'remote';

/** Reaches the registered MCP servers. An adapter (`src/mcp/`); the runtime has at most one. */
export interface McpClients {
  /**
   * The tools `server` offers now (a connection is opened on first use and kept).
   * @throws MCP_UNAVAILABLE (the server could not be started or reached, or it ended),
   *   NOT_PERMITTED (no sandbox here and the server was not registered unsandboxed),
   *   DEADLINE_EXCEEDED, CANCELLED
   */
  listTools(
    server: McpServer,
    options: { readonly view: McpView; readonly signal: AbortSignal },
  ): Promise<{ readonly tools: readonly McpToolInfo[]; readonly isolation: McpIsolation }>;
  /**
   * Checks `args` against the tool's input schema (INVALID_INPUT before anything is sent), then
   * calls `tool`; `onSend` runs right before the request leaves (the effect begins).
   * @throws INVALID_INPUT, MCP_UNAVAILABLE (the server ended mid-call), DEADLINE_EXCEEDED (the
   *   timeout), CANCELLED, TOOL_FAILED, and the errors of `listTools` before anything was sent
   */
  callTool(
    server: McpServer,
    call: {
      readonly tool: string;
      readonly args: { readonly [key: string]: Json };
      /** The input schema the call was decided on, and its hash (validators are kept by it). */
      readonly inputSchema: Json;
      readonly schemaSha256: string;
      readonly view: McpView;
      readonly timeoutMs: number;
      readonly signal: AbortSignal;
      readonly onSend: () => void;
    },
  ): Promise<McpCallResult>;
  /** Closes every connection and ends every child it started. */
  close(): Promise<void>;
}
