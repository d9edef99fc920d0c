// The authority a command sandbox is planned from: a process's records and its delegators'.
import { realpath } from 'node:fs/promises';
import type { Pid } from '../../base/ids.js';
import type { Capability, CapabilityId } from '../../kernel/capability/types.js';
import type { CommandAuthority } from '../../ports/command-runner.js';
import type { RuntimeDeps } from '../deps.js';
import type { PipelineHost } from '../syscall-pipeline.js';

/**
 * `pid`'s records (through the capability cache), its delegators' records for each delegated
 * `fs` allow, the reserved paths and the time, in one read snapshot.
 */
export async function commandAuthorityOf(
  deps: RuntimeDeps,
  input: { pid: Pid; host: Pick<PipelineHost, 'workspace' | 'stateDirectory' | 'reserved'> },
): Promise<CommandAuthority> {
  const cache = deps.capabilities;
  const now = deps.clock.now();
  // Real paths: an executable's real path and a bound system directory are compared with them.
  const forbidden = await Promise.all(
    [
      input.host.workspace.path,
      ...(input.host.stateDirectory == null ? [] : [input.host.stateDirectory]),
    ].map((path) => realpath(path).catch(() => path)),
  );
  return deps.store.read(async (reader) => {
    const records = await cache.all(reader, input.pid);
    const delegators = new Map<string, Capability[][]>();
    for (const record of records) {
      if (record.effect !== 'allow' || record.parentId === null) continue;
      // Only fs decisions (the sandbox plan) consult delegators; the network is all-or-nothing.
      if (record.resource.kind !== 'fs') continue;
      const chain: Capability[][] = [];
      const seen = new Set<string>();
      for (let id: CapabilityId | null = record.parentId; id !== null && !seen.has(id);) {
        seen.add(id);
        const parent = await reader.getCapability(id);
        if (parent === undefined) break;
        chain.push([...(await cache.all(reader, parent.subject))]);
        id = parent.parentId;
      }
      delegators.set(record.id, chain);
    }
    return {
      records,
      delegators,
      reserved: input.host.reserved ?? [],
      now,
      forbidden,
    };
  });
}
