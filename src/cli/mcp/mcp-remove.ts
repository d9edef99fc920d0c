// `agent-libos mcp rm <id>`: removes an MCP server as the operator.
import type { CliContext } from '../cli-context.js';
import { printable } from '../format/printable.js';
import { writeJson } from '../format/write-json.js';
import { openWriteRuntime } from '../open-write-runtime.js';

/**
 * Removes the server and its recorded tools; grants naming it then cover nothing (until a
 * server of that id is registered again). Prints `removed <id>`; `--json`: `{ id }`.
 * @throws NOT_FOUND, STORE_LOCKED
 */
export async function runMcpRemove(context: CliContext, options: { id: string }): Promise<number> {
  const runtime = await openWriteRuntime(context, { attempted: 'Removing an MCP server' });
  try {
    await runtime.mcp.remove(options.id);
    if (context.json) writeJson(context.io, { id: options.id });
    else context.io.stdout(`removed ${printable(options.id)}\n`);
    return 0;
  } finally {
    await runtime.close();
  }
}
