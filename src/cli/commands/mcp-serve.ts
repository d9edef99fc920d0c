// `agent-libos mcp serve`: the operator's view as an MCP server on stdio, until stdin ends.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CliContext } from '../cli-context.js';
import { createOperatorMcpServer } from '../mcp/operator-mcp-server.js';

/**
 * Serves the operator's tools (see createOperatorMcpServer) over MCP on this process's stdin and
 * stdout, for an assistant that started this command as its stdio child: being that child is
 * the only authentication. Stdout carries the protocol only; a line on stderr says it started.
 * Returns 0 when the client closes stdin (or the command's signal fires).
 */
export async function runMcpServe(context: CliContext): Promise<number> {
  const server = createOperatorMcpServer(context);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  const ended = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  const stopped = new Promise<void>((resolve) => {
    if (context.signal?.aborted === true) resolve();
    context.signal?.addEventListener(
      'abort',
      () => {
        resolve();
      },
      { once: true },
    );
  });
  await server.connect(transport);
  context.io.stderr(`agent-libos mcp serve: serving ${context.dbPath} on stdio\n`);
  await Promise.race([closed, ended, stopped]);
  await server.close();
  return 0;
}
