// A child's model authority: delegated copies of its parent's model records, made at spawn.
import type { Pid } from '../../base/ids.js';
import { isLive } from '../../kernel/capability/decide.js';
import { MAX_DELEGATION_DEPTH } from '../../kernel/capability/types.js';
import { capabilitiesOf } from '../authority/capabilities-of.js';
import { delegateInScope } from '../authority/capability-ops.js';
import type { RuntimeDeps } from '../deps.js';
import type { CommandScope } from './command-scope.js';

/**
 * A child gets its parent's model authority: a delegated copy of each of the parent's live,
 * unlimited, delegable `model` allow records (revoking the parent's record revokes the copy), as
 * it gets a budget carved from the parent's. A process without a model could do nothing; which
 * model the child may call is still exactly what its parent may call.
 */
export async function passModelAuthority(
  scope: CommandScope,
  deps: RuntimeDeps,
  lineage: { readonly parent: Pid; readonly child: Pid },
): Promise<void> {
  for await (const record of capabilitiesOf(scope.tx, lineage.parent)) {
    if (
      record.resource.kind !== 'model' ||
      record.effect !== 'allow' ||
      !record.delegable ||
      record.boundCall !== null ||
      record.usesRemaining !== null ||
      record.depth >= MAX_DELEGATION_DEPTH ||
      !isLive(record, scope.now)
    )
      continue;
    await delegateInScope(scope, deps, {
      holder: lineage.parent,
      from: record.id,
      to: lineage.child,
      resource: record.resource,
      rights: record.rights,
      expiresAt: null,
      delegable: record.depth + 1 < MAX_DELEGATION_DEPTH,
    });
  }
}
