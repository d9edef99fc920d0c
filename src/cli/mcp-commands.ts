// The MCP registry commands of the CLI: mcp add, list, show and rm (each module loaded when used).
import type { Command } from 'commander';
import type { Act } from './cli-context.js';
import { collect } from './repeatable-option.js';
import type { McpAddOptions } from './mcp/mcp-add.js';

/**
 * Adds `add|list|show|rm` to the `mcp` command group (main.ts makes the group; `mcp serve` is
 * added to it separately). Only the operator registers servers: no syscall does.
 */
export function addMcpRegistryCommands(mcp: Command, act: Act): void {
  mcp
    .command('add')
    .description(
      'register an MCP server: `mcp add <id> -- <argv…>` (stdio, run in the sandbox) or `mcp add <id> --url <url>` (streamable HTTP); grant its tools with mcp:<id>/** or a pinned mcp:<id>/<tool>/<sha256> (not while a runtime runs)',
    )
    .argument('<id>', 'the server id (lowercase letters, digits, _ or -)')
    .argument('[argv...]', 'the command after --, e.g. -- node server.js')
    .option('--url <url>', 'a streamable-HTTP endpoint instead of a command')
    .option(
      '--env <name=value>',
      'an environment variable for a stdio server (repeatable)',
      collect,
      [],
    )
    .option('--cwd <path>', "a stdio server's working directory, workspace-relative (default .)")
    .option(
      '--ro-bind <host-path>',
      "a host path the sandboxed server's own code needs, bound read-only (repeatable)",
      collect,
      [],
    )
    .option(
      '--unsandboxed',
      'run the stdio server on the host, outside the sandbox (journaled; it can reach whatever the runtime user can)',
    )
    .action(
      (id: string, argv: string[], options: Omit<McpAddOptions, 'id' | 'argv'>, command: Command) =>
        act(async (context) =>
          (await import('./mcp/mcp-add.js')).runMcpAdd(context, { ...options, id, argv }),
        )(command),
    );
  mcp
    .command('list')
    .description('list registered MCP servers (read-only: works while a runtime runs)')
    .action((_options: object, command: Command) =>
      act(async (context) => (await import('./mcp/mcp-list.js')).runMcpList(context))(command),
    );
  mcp
    .command('show')
    .description(
      'show an MCP server and its tools with their input schema hashes (the resource a pinned grant names); --refresh asks the server first (not while a runtime runs)',
    )
    .argument('<id>', 'the server id')
    .option('--refresh', 'start the server (no workspace, no network) and record its tools now')
    .action((id: string, options: { refresh?: boolean }, command: Command) =>
      act(async (context) =>
        (await import('./mcp/mcp-show.js')).runMcpShow(context, {
          id,
          refresh: options.refresh === true,
        }),
      )(command),
    );
  mcp
    .command('rm')
    .description('remove an MCP server and its recorded tools (not while a runtime runs)')
    .argument('<id>', 'the server id')
    .action((id: string, _options: object, command: Command) =>
      act(async (context) => (await import('./mcp/mcp-remove.js')).runMcpRemove(context, { id }))(
        command,
      ),
    );
}
