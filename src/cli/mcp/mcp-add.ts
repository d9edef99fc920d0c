// `agent-libos mcp add <id> -- <argv…>` / `mcp add <id> --url <url>`: registers an MCP server as the operator.
import { LibosError } from '../../base/errors.js';
import type { McpAddInput } from '../../runtime/mcp/operator-mcp.js';
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openWriteRuntime } from '../open-write-runtime.js';

/** What `mcp add` was given. */
export interface McpAddOptions {
  readonly id: string;
  readonly argv: readonly string[];
  readonly url?: string;
  readonly env: readonly string[];
  readonly cwd?: string;
  readonly roBind: readonly string[];
  readonly unsandboxed?: boolean;
}

/**
 * Registers the server and prints `registered <id>` with how it runs and the grant that trusts
 * any schema of its tools; `--json`: the server record (environment values included: it is the
 * operator's own terminal).
 * @throws INVALID_INPUT (both or neither of argv and --url, a bad id, env, cwd or bind),
 *   ALREADY_EXISTS, STORE_LOCKED
 */
export async function runMcpAdd(context: CliContext, options: McpAddOptions): Promise<number> {
  const attempted = 'Registering an MCP server';
  const input: McpAddInput = { id: options.id, transport: transportOf(options, attempted) };
  const runtime = await openWriteRuntime(context, { attempted });
  try {
    const server = await runtime.mcp.add(input);
    if (context.json) writeJson(context.io, server);
    else {
      const how =
        server.transport.kind === 'http'
          ? 'streamable HTTP'
          : server.transport.unsandboxed
            ? 'stdio, UNSANDBOXED on the host'
            : 'stdio, in the sandbox';
      context.io.stdout(
        `registered ${printable(server.id)} (${how}); grant its tools with --grant 'mcp:${server.id}/**=list,call', or pin one with the resource \`mcp show ${server.id} --refresh\` prints\n`,
      );
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

function transportOf(options: McpAddOptions, attempted: string): McpAddInput['transport'] {
  const hasArgv = options.argv.length > 0;
  if (hasArgv === (options.url !== undefined))
    throw new LibosError(
      'INVALID_INPUT',
      `${attempted} failed: give either a command after -- or --url, not both or neither`,
    );
  if (options.url !== undefined) {
    if (
      options.env.length > 0 ||
      options.cwd !== undefined ||
      options.roBind.length > 0 ||
      options.unsandboxed === true
    )
      throw new LibosError(
        'INVALID_INPUT',
        `${attempted} failed: --env, --cwd, --ro-bind and --unsandboxed are for stdio servers`,
      );
    return { kind: 'http', url: options.url };
  }
  const env: Record<string, string> = {};
  for (const pair of options.env) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw new LibosError('INVALID_INPUT', `${attempted} failed: --env takes NAME=value`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    kind: 'stdio',
    argv: options.argv,
    env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    binds: options.roBind,
    unsandboxed: options.unsandboxed === true,
  };
}
