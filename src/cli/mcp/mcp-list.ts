// `agent-libos mcp list`: the registered MCP servers, read-only.
import type { McpServer } from '../../kernel/mcp/types.js';
import type { CliContext } from '../cli-context.js';
import { collectPages } from '../../base/collect-pages.js';
import { formatTable } from '../format/format-table.js';
import { printable } from '../format/printable.js';
import { truncate } from '../format/truncate.js';
import { writeJson } from '../format/write-json.js';
import { openReadRuntime } from '../open-read-runtime.js';

const PAGE = 500;

/**
 * Prints each registered server in id order: id, transport, how it runs and its command or URL.
 * `--json`: the records. Takes no writer lock, so it works while a runtime runs.
 * @throws NOT_FOUND when there is no database; STORE_CORRUPT
 */
export async function runMcpList(context: CliContext): Promise<number> {
  const runtime = await openReadRuntime(context);
  let servers: McpServer[];
  try {
    servers = await collectPages(
      (after: string | undefined, limit) =>
        runtime.mcp.list({ limit, ...(after === undefined ? {} : { afterId: after }) }),
      (server) => server.id,
      { pageSize: PAGE },
    );
  } finally {
    await runtime.close();
  }
  if (context.json) {
    writeJson(context.io, servers);
    return 0;
  }
  if (servers.length === 0) {
    context.io.stdout(
      'no MCP servers registered; add one with agent-libos mcp add <id> -- <argv…>\n',
    );
    return 0;
  }
  const rows = servers.map((s) => {
    const t = s.transport;
    return [
      printable(s.id),
      t.kind,
      t.kind === 'http' ? 'remote' : t.unsandboxed ? 'UNSANDBOXED' : 'sandbox',
      truncate(printable(t.kind === 'http' ? t.url : t.argv.join(' ')), 70),
    ];
  });
  context.io.stdout(formatTable(['ID', 'TRANSPORT', 'RUNS', 'COMMAND/URL'], rows));
  return 0;
}
