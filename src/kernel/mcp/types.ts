// MCP server records the operator registers, the tools the runtime has seen on them, and their names.
import type { Json } from '../../base/canonical-json.js';

/** How the runtime reaches a server: a child over stdio, or a streamable-HTTP endpoint. */
export type McpTransport =
  | {
      readonly kind: 'stdio';
      /**
       * The command: `argv[0]` a bare name or an absolute path. In the sandbox a bare name is
       * looked up on the safe PATH; an unsandboxed server is started with the host's PATH.
       */
      readonly argv: readonly string[];
      /**
       * Environment the server gets besides PATH, HOME, TMPDIR and LANG in the sandbox, or besides
       * the SDK's default environment (HOME, LOGNAME, PATH, SHELL, TERM, USER) when unsandboxed.
       */
      readonly env: Readonly<Record<string, string>>;
      /** Workspace-relative working directory (`.` by default). */
      readonly cwd: string;
      /**
       * Host paths bound read-only at the same path inside the sandbox (the server's own code
       * when it lives outside the system directories); never the workspace or the state directory.
       */
      readonly binds: readonly string[];
      /** The operator chose to run it on the host, outside the sandbox (journaled at `mcp add`). */
      readonly unsandboxed: boolean;
    }
  | { readonly kind: 'http'; readonly url: string };

/** One registered server. Only the operator registers or removes one; no syscall does. */
export interface McpServer {
  readonly id: string;
  readonly transport: McpTransport;
  readonly createdAt: number;
}

/** A tool the runtime saw a server offer, with the hash its grants and approvals pin. */
export interface McpTool {
  readonly server: string;
  readonly name: string;
  readonly description: string | null;
  /** The tool's input JSON Schema as the server sent it. */
  readonly inputSchema: Json;
  /** `sha256(canonical JSON of inputSchema)`, hex. */
  readonly schemaSha256: string;
  /** When the runtime last recorded it. */
  readonly seenAt: number;
}

/** A server id: lowercase letters, digits, `_` and `-`, starting with a letter or digit. */
export const MCP_SERVER_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/**
 * A tool name the runtime accepts (MCP's recommended alphabet); a tool named otherwise is left
 * out of listings and cannot be called, because its name could not be one resource segment
 * (`.` and `..` are refused too: a resource must never read as a path that leaves its server).
 */
export const MCP_TOOL_NAME = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,64}$/;

/**
 * The schema segment of a call's resource when the runtime has not recorded the tool yet: no
 * pinned grant covers it, and the call records the tool and asks to be made again.
 */
export const UNLISTED_SCHEMA = 'unlisted';

/** Why `id` cannot name a server, or null when it can. */
export function checkServerId(id: string): string | null {
  return MCP_SERVER_ID.test(id)
    ? null
    : 'a server id is 1-40 lowercase letters, digits, _ or -, starting with a letter or digit';
}

/**
 * The resource a call of `tool` on `server` needs `call` on: the tool with the hash of the input
 * schema the runtime recorded for it, so a grant or approval naming it pins that schema.
 */
export function mcpCallResource(server: string, tool: string, schemaSha256: string | null): string {
  return `${server}/${tool}/${schemaSha256 ?? UNLISTED_SCHEMA}`;
}
