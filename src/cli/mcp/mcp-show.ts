// `agent-libos mcp show <id>`: a server and its tools with their input schema hashes.
import type { CliContext } from '../cli-context.js';
import { formatTable } from '../format/format-table.js';
import { printable } from '../format/printable.js';
import { truncate } from '../format/truncate.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';
import { openWriteRuntime } from '../open-write-runtime.js';

/**
 * Prints the server and each recorded tool: name, the sha256 of its input schema (canonical
 * JSON), and the resource a grant pinning that schema names. With `refresh` the server is asked
 * first (a stdio server starts in the sandbox with no workspace and no network) and its tools
 * recorded, which needs the writer lock. `--json`: `{ server, tools }` with the schemas.
 * @throws NOT_FOUND (no database, no server); MCP_UNAVAILABLE and NOT_PERMITTED with refresh
 */
export async function runMcpShow(
  context: CliContext,
  options: { id: string; refresh: boolean },
): Promise<number> {
  const runtime = options.refresh
    ? await openWriteRuntime(context, { attempted: 'Refreshing the tools of an MCP server' })
    : await openReadRuntime(context);
  try {
    const view = await runtime.mcp.show(options.id, {
      refresh: options.refresh,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    });
    if (context.json) {
      writeJson(context.io, view);
      return 0;
    }
    const t = view.server.transport;
    context.io.stdout(
      `${printable(view.server.id)}: ${t.kind === 'http' ? printable(t.url) : `${printable(t.argv.join(' '))}${t.unsandboxed ? ' (UNSANDBOXED)' : ''}`}\n`,
    );
    if (view.tools.length === 0) {
      context.io.stdout(
        `no tools recorded yet; run agent-libos mcp show ${printable(view.server.id)} --refresh\n`,
      );
      return 0;
    }
    const rows = view.tools.map((tool) => [
      printable(tool.name),
      tool.schemaSha256.slice(0, 16),
      printable(tool.resource),
      truncate(printable(tool.description ?? ''), 40),
    ]);
    context.io.stdout(
      formatTable(['TOOL', 'SCHEMA SHA256', 'PINNED RESOURCE', 'DESCRIPTION'], rows),
    );
    return 0;
  } finally {
    await runtime.close();
  }
}
