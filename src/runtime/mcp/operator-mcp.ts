// The operator's MCP registry: add, list, show and remove servers (an agent has no syscall for any of it).
import { isAbsolute, normalize, posix } from 'node:path';
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import { findHiddenCharacter } from '../../base/find-hidden-character.js';
import {
  checkServerId,
  mcpCallResource,
  type McpServer,
  type McpTool,
  type McpTransport,
} from '../../kernel/mcp/types.js';
import type { McpClients } from '../../ports/mcp-client.js';
import { runCommand } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';
import { parseInput } from '../inputs.js';
import { recordTools } from './record-tools.js';

/** A server as the operator registers it. */
export interface McpAddInput {
  readonly id: string;
  readonly transport:
    | {
        readonly kind: 'stdio';
        readonly argv: readonly string[];
        readonly env?: Readonly<Record<string, string>>;
        readonly cwd?: string;
        readonly binds?: readonly string[];
        readonly unsandboxed?: boolean;
      }
    | { readonly kind: 'http'; readonly url: string };
}

/** A server with the tools recorded for it, each with the resource a pinned grant names. */
export interface McpServerView {
  readonly server: McpServer;
  readonly tools: readonly (McpTool & { readonly resource: string })[];
}

/** What the CLI calls on MCP servers. */
export interface McpCalls {
  add(input: McpAddInput): Promise<McpServer>;
  list(query?: { afterId?: string; limit?: number }): Promise<McpServer[]>;
  show(id: string, options?: { refresh?: boolean; signal?: AbortSignal }): Promise<McpServerView>;
  remove(id: string): Promise<void>;
}

const NO_NUL = (text: string): boolean => !text.includes('\0');
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const FIXED_ENV = new Set(['PATH', 'HOME', 'TMPDIR', 'PWD']);
const BARE_OR_ABSOLUTE = /^(\/[^\0]*|[A-Za-z0-9._+-]+)$/;

/** The input of `OperatorMcp.add` (also the HTTP API's request body). */
export const mcpAddSchema = z.strictObject({
  id: z.string().refine((id) => checkServerId(id) === null, {
    message: checkServerId('') ?? '',
  }),
  transport: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('stdio'),
      argv: z
        .array(
          z
            .string()
            .max(32 * 1024)
            .refine(NO_NUL, 'an argument contains a NUL character'),
        )
        .min(1)
        .max(256)
        .refine((argv) => BARE_OR_ABSOLUTE.test(argv[0] ?? ''), {
          message: 'argv[0] must be a bare executable name or an absolute path',
        }),
      env: z
        .record(
          z.string().regex(ENV_NAME, 'an environment name is letters, digits and _'),
          z
            .string()
            .max(32 * 1024)
            .refine(NO_NUL, 'a value contains a NUL character'),
        )
        .refine((env) => Object.keys(env).every((n) => !FIXED_ENV.has(n)), {
          message: `${[...FIXED_ENV].join(', ')} are set by the runtime`,
        })
        .default({}),
      cwd: z
        .string()
        .default('.')
        .refine((cwd) => isWorkspaceRelative(cwd), {
          message: 'cwd must be a normalised workspace-relative path',
        }),
      binds: z
        .array(
          z.string().refine((p) => isAbsolute(p) && normalize(p) === p && p !== '/', {
            message: 'a bind is a normalised absolute host path below /',
          }),
        )
        .max(64)
        .default([]),
      unsandboxed: z.boolean().default(false),
    }),
    z.strictObject({
      kind: z.literal('http'),
      url: z.url({ protocol: /^https?$/ }).max(4096),
    }),
  ]),
});

/** MCP servers as the operator: registering is an operator command, journaled, never a syscall. */
export class OperatorMcp implements McpCalls {
  readonly #deps: RuntimeDeps;
  readonly #clients: McpClients | null;
  readonly #hidden: readonly string[];

  /** `hidden`: host paths no server may see (the workspace, the state directory). */
  constructor(
    deps: RuntimeDeps,
    options: { clients: McpClients | null; hidden: readonly string[] },
  ) {
    this.#deps = deps;
    this.#clients = options.clients;
    this.#hidden = options.hidden;
  }

  /**
   * Registers a server and journals `mcp.server_added` (environment names, never their values).
   * @throws INVALID_INPUT, ALREADY_EXISTS
   */
  async add(input: McpAddInput): Promise<McpServer> {
    const attempted = 'Registering an MCP server';
    const parsed = parseInput(mcpAddSchema, input, attempted);
    const spec = parsed.transport;
    const transport: McpTransport =
      spec.kind === 'http'
        ? { kind: 'http', url: spec.url }
        : {
            kind: 'stdio',
            argv: spec.argv,
            env: spec.env,
            cwd: spec.cwd,
            binds: spec.binds,
            unsandboxed: spec.unsandboxed,
          };
    if (transport.kind === 'stdio') {
      const hidden = transport.argv.map((a) => findHiddenCharacter(a, { allowLineBreaks: false }));
      if (hidden.some((h) => h !== null))
        throw new LibosError(
          'INVALID_INPUT',
          `${attempted} failed: an argument holds a hidden character`,
        );
    }
    return runCommand(this.#deps, { actor: 'operator' }, async (scope) => {
      const server: McpServer = { id: parsed.id, transport, createdAt: scope.now };
      await scope.tx.insertMcpServer(server);
      scope.journal('mcp.server_added', null, {
        server: server.id,
        transport: transport.kind,
        ...(transport.kind === 'http'
          ? { url: transport.url }
          : {
              argv: [...transport.argv],
              envNames: Object.keys(transport.env).sort(),
              cwd: transport.cwd,
              binds: [...transport.binds],
              unsandboxed: transport.unsandboxed,
            }),
      });
      return server;
    });
  }

  /** Registered servers, keyset-paged by id. */
  async list(query: { afterId?: string; limit?: number } = {}): Promise<McpServer[]> {
    return this.#deps.store.read((r) =>
      r.listMcpServers({
        ...(query.afterId === undefined ? {} : { afterId: query.afterId }),
        limit: query.limit ?? 100,
      }),
    );
  }

  /**
   * A server and its recorded tools with their schema hashes. With `refresh`, the server is asked
   * for its tools first (a stdio server started in a sandbox with no workspace and no network)
   * and what it offers now is recorded.
   * @throws NOT_FOUND; with refresh, NOT_PERMITTED for a runtime without MCP clients and the
   *   errors of `McpClients.listTools`
   */
  async show(
    id: string,
    options: { refresh?: boolean; signal?: AbortSignal } = {},
  ): Promise<McpServerView> {
    const server = await this.#load(id, 'Showing an MCP server');
    let tools: readonly McpTool[];
    if (options.refresh === true) {
      if (this.#clients === null)
        throw new LibosError(
          'NOT_PERMITTED',
          `Refreshing the tools of MCP server ${id} was refused: this runtime reaches no MCP servers (it was opened without MCP clients)`,
        );
      const listed = await this.#clients.listTools(server, {
        view: { ...OPERATOR_VIEW, workspace: this.#hidden[0] ?? '/', hidden: this.#hidden },
        signal: options.signal ?? new AbortController().signal,
      });
      tools = await recordTools(this.#deps, { server: id, tools: listed.tools, pid: null });
    } else {
      tools = await this.#deps.store.read((r) => r.listMcpTools(id));
    }
    return {
      server,
      tools: tools.map((t) => ({
        ...t,
        resource: `mcp:${mcpCallResource(id, t.name, t.schemaSha256)}`,
      })),
    };
  }

  /**
   * Removes a server and its recorded tools; journals `mcp.server_removed`. Grants naming it
   * stay (they cover nothing until a server of that id is registered again).
   * @throws NOT_FOUND
   */
  async remove(id: string): Promise<void> {
    await runCommand(this.#deps, { actor: 'operator' }, async (scope) => {
      if (!(await scope.tx.deleteMcpServer(id))) throw notFound(id, 'Removing an MCP server');
      scope.journal('mcp.server_removed', null, { server: id });
    });
  }

  /** Closes the runtime's MCP clients: every server they started ends. */
  async close(): Promise<void> {
    await this.#clients?.close();
  }

  async #load(id: string, attempted: string): Promise<McpServer> {
    const server = await this.#deps.store.read((r) => r.getMcpServer(id));
    if (server === undefined) throw notFound(id, attempted);
    return server;
  }
}

// The operator's own listing sees nothing of the workspace and has no network.
const OPERATOR_VIEW = {
  key: 'operator',
  network: false,
  hidden: [],
  open: () => Promise.resolve({ entries: [], close: () => Promise.resolve() }),
};

function notFound(id: string, attempted: string): LibosError {
  return new LibosError(
    'NOT_FOUND',
    `${attempted} failed: no MCP server ${JSON.stringify(id)} is registered`,
    {
      details: { server: id },
    },
  );
}

function isWorkspaceRelative(path: string): boolean {
  if (path === '.') return true;
  return !path.startsWith('/') && posix.normalize(path) === path && !path.split('/').includes('..');
}
