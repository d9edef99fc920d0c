// Revoking a record and everything delegated from it, transitively, inside one command.
import type { Json } from '../../base/canonical-json.js';
import type { Capability } from '../../kernel/capability/types.js';
import type { CommandScope } from '../commands/command-scope.js';

/**
 * Revokes `root` and every live record delegated from it, transitively (records held by
 * descendants and the constraints copied along with them included), in breadth-first order, and
 * journals one `capability.revoked { capability, cascade, …note }` naming each record revoked. A
 * record `spare` returns true for is left as it is, and so are the records below it (an exec keeps
 * the caller's own restrictions that hang under a dropped grant). Returns the ids revoked.
 */
export async function revokeTree(
  scope: CommandScope,
  root: Capability,
  options: {
    spare?: (record: Capability) => boolean;
    note?: { readonly [key: string]: Json };
  } = {},
): Promise<string[]> {
  const revoked: string[] = [];
  const frontier: Capability[] = [root];
  for (let next = frontier.shift(); next !== undefined; next = frontier.shift()) {
    if (options.spare?.(next) === true) continue;
    if (next.revokedAt === null) {
      await scope.tx.updateCapability({ ...next, revokedAt: scope.now });
      revoked.push(next.id);
    }
    frontier.push(...(await scope.tx.listCapabilityChildren(next.id)));
  }
  scope.journal('capability.revoked', root.subject, {
    capability: root.id,
    cascade: revoked,
    ...options.note,
  });
  return revoked;
}
