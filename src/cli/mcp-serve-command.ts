// The `serve` subcommand of `agent-libos mcp` (its module loaded only when it runs).
import type { Command } from 'commander';
import type { Act } from './cli-context.js';

/** Adds `serve` to the `mcp` command group `mcp`. */
export function addMcpServeCommand(mcp: Command, act: Act): void {
  mcp
    .command('serve')
    .description(
      "serve the operator's view (ps, approvals list/decide, journal tail) as an MCP server on stdio, for an assistant that starts it",
    )
    .action((_options: object, command: Command) =>
      act(async (context) => (await import('./commands/mcp-serve.js')).runMcpServe(context))(
        command,
      ),
    );
}
