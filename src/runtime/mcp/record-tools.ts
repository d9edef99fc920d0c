// Recording the tools a server offers: the schemas and their hashes, journaled when they change.
import type { Pid } from '../../base/ids.js';
import { schemaHash } from '../../kernel/mcp/schema-hash.js';
import type { McpTool } from '../../kernel/mcp/types.js';
import type { McpToolInfo } from '../../ports/mcp-client.js';
import { runCommand } from '../commands/command-scope.js';
import type { RuntimeDeps } from '../deps.js';

/** The journal type recording a change in what a server offers. */
export const TOOLS_CHANGED_ENTRY = 'mcp.tools_changed';

/**
 * Records `tools` as what `server` offers now, with their schema hashes, in one command. When the
 * set differs from the recorded one (a tool added, removed, or its input schema changed), the
 * rows are replaced and `mcp.tools_changed` journals each name and hash; otherwise nothing is
 * written. Returns the tools as recorded. A server removed meanwhile records nothing.
 */
export async function recordTools(
  deps: RuntimeDeps,
  input: {
    readonly server: string;
    readonly tools: readonly McpToolInfo[];
    readonly pid: Pid | null;
  },
): Promise<McpTool[]> {
  const now = deps.clock.now();
  const fresh: McpTool[] = input.tools
    .map((t) => ({
      server: input.server,
      name: t.name,
      description: t.description,
      inputSchema: t.inputSchema,
      schemaSha256: schemaHash(t.inputSchema),
      seenAt: now,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const recorded = await deps.store.read((r) => r.listMcpTools(input.server));
  if (sameTools(recorded, fresh)) return recorded;
  return runCommand(deps, { actor: input.pid ?? 'runtime' }, async (scope) => {
    if ((await scope.tx.getMcpServer(input.server)) === undefined) return fresh;
    const current = await scope.tx.listMcpTools(input.server);
    if (sameTools(current, fresh)) return current;
    await scope.tx.replaceMcpTools(input.server, fresh);
    scope.journal(TOOLS_CHANGED_ENTRY, input.pid, {
      server: input.server,
      tools: fresh.map((t) => ({ name: t.name, schemaSha256: t.schemaSha256 })),
      previous: current.map((t) => ({ name: t.name, schemaSha256: t.schemaSha256 })),
    });
    return fresh;
  });
}

// Same names with the same schema hashes and descriptions (both sorted by name).
function sameTools(a: readonly McpTool[], b: readonly McpTool[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (t, i) =>
        t.name === b[i]?.name &&
        t.schemaSha256 === b[i].schemaSha256 &&
        t.description === b[i].description,
    )
  );
}
