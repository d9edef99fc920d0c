// What a stdio MCP server started for a process may see: its workspace read grants, read-only, and the network only with a net grant.
import { canonicalJson } from '../../base/canonical-json.js';
import { sha256Hex } from '../../base/hash.js';
import { holdsNetwork } from '../shell/holds-network.js';
import { isLive } from '../../kernel/capability/decide.js';
import { formatResource } from '../../kernel/capability/resource.js';
import type { Capability } from '../../kernel/capability/types.js';
import type { McpServer } from '../../kernel/mcp/types.js';
import type { CommandAuthority } from '../../ports/command-runner.js';
import type { KernelOps } from '../../ports/kernel-ops.js';
import type { McpView } from '../../ports/mcp-client.js';
import type { WorkspaceRoot } from '../fs/workspace-root.js';
import { planSandbox } from '../shell/sandbox-plan.js';

/**
 * The view of `authority` for a stdio server: the sandbox `shell.run` would plan, with every
 * `write` and `delete` right taken off the allow records first, so each workspace path the
 * process may read is bound read-only and nothing is writable (a server is long-lived and
 * shared by processes of equal authority; it writes to the world only through its results).
 * The network is shared only when the process holds `net:*=connect`, as for commands
 * (`holdsNetwork`): a URL grant never opens it. The key hashes exactly what the plan is made from (live fs records and their
 * delegators', reserved paths, the network), so a grant, revocation or expiry changes it and
 * the next call starts a server with the new view.
 */
export function serverView(root: WorkspaceRoot, authority: CommandAuthority): McpView {
  const readOnly = (records: readonly Capability[]): Capability[] =>
    records.map((r) =>
      r.effect === 'allow' && r.resource.kind === 'fs'
        ? { ...r, rights: r.rights.filter((right) => right === 'read') }
        : r,
    );
  const records = readOnly(authority.records);
  const delegators = new Map(
    [...authority.delegators].map(([id, chain]) => [id, chain.map((c) => readOnly(c))] as const),
  );
  const network = holdsNetwork(authority.records, authority.now);
  const shape = (r: Capability): unknown =>
    r.resource.kind !== 'fs' || !isLive(r, authority.now)
      ? null
      : [
          r.effect,
          formatResource(r.resource),
          [...r.rights].sort(),
          r.boundCall !== null,
          r.usesRemaining,
        ];
  const key = sha256Hex(
    canonicalJson({
      records: records
        .map(shape)
        .filter((s) => s !== null)
        .map((s) => canonicalJson(s))
        .sort(),
      delegators: [...delegators.values()]
        .map((chain) => canonicalJson(chain.map((c) => c.map(shape).filter((s) => s !== null))))
        .sort(),
      reserved: [...authority.reserved].sort(),
      network,
    }),
  );
  return {
    key,
    network,
    workspace: root.path,
    hidden: authority.forbidden,
    async open() {
      const planned = await planSandbox(root, {
        records,
        delegators,
        reserved: authority.reserved,
        now: authority.now,
        // Shared by many calls: no call-bound record shows anything.
        callHash: '',
      });
      return { entries: planned.entries, close: () => planned.close() };
    },
  };
}

/**
 * The view a call of `server` needs: the caller's planned view for a sandboxed stdio server;
 * for an HTTP or unsandboxed server (one connection per server, no sandbox to plan) an empty
 * one, without reading the caller's records.
 */
export async function viewFor(
  server: McpServer,
  ctx: { readonly workspace: WorkspaceRoot; readonly kernel: KernelOps },
): Promise<McpView> {
  const spec = server.transport;
  if (spec.kind === 'stdio' && !spec.unsandboxed)
    return serverView(ctx.workspace, await ctx.kernel.commandAuthority());
  return {
    key: 'none',
    network: false,
    workspace: ctx.workspace.path,
    hidden: [],
    open: () => Promise.resolve({ entries: [], close: () => Promise.resolve() }),
  };
}
