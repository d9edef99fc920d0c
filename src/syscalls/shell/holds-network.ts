// Whether a process's records share the host network with what it runs (a command, an MCP server).
import { isLive } from '../../kernel/capability/decide.js';
import type { CommandAuthority } from '../../ports/command-runner.js';

/**
 * All-or-nothing for now: an unconditional `net:*=connect` allow shares the host network
 * (ARCHITECTURE §8 records the per-host egress proxy as the end state). A URL grant (`get`,
 * `send`) is for `net.fetch` only: it never opens the whole network to a command or a server.
 */
export function holdsNetwork(records: CommandAuthority['records'], now: number): boolean {
  return records.some(
    (r) =>
      r.resource.kind === 'net' &&
      r.resource.match === 'any' &&
      r.rights.includes('connect') &&
      r.effect === 'allow' &&
      r.boundCall === null &&
      r.usesRemaining === null &&
      isLive(r, now),
  );
}
