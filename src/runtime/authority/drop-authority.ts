// What an exec does to authority: the caller keeps the records it names (and what always stays).
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import { survivesExec } from '../../kernel/capability/survives-exec.js';
import type { Capability, CapabilityId } from '../../kernel/capability/types.js';
import type { CommandScope } from '../commands/command-scope.js';
import { capabilitiesOf } from './capabilities-of.js';
import { revokeTree } from './revoke-tree.js';

/** The caller's records after an exec: the ones it named, and the allows it lost. */
export interface DroppedAuthority {
  /** The named records (each a live record of the caller). */
  readonly kept: readonly CapabilityId[];
  /** The caller's records revoked (each with its delegations, journaled per record). */
  readonly dropped: readonly CapabilityId[];
}

/**
 * Shrinks `pid`'s authority for an exec, inside the exec's transaction: every `allow` record it
 * holds is revoked with everything delegated from it (`capability.revoked { by: 'exec' }`), except
 * those named in `keep` and those `survivesExec` keeps (restrictions, lineage, the model). Named
 * ids must be the caller's own unrevoked records: keeping never takes, widens or revives anything.
 * Nothing is revoked when a name is refused.
 * @throws NOT_PERMITTED when `keep` names a record that is not a live record of the caller
 */
export async function dropAuthority(
  scope: CommandScope,
  input: { pid: Pid; keep: readonly CapabilityId[]; attempted: string },
): Promise<DroppedAuthority> {
  const named = new Set(input.keep);
  for (const id of named) {
    const record = await scope.tx.getCapability(id);
    // Another process's record, a revoked one and a forged id are refused alike (a policy error).
    if (record?.subject !== input.pid || record.revokedAt !== null)
      throw new LibosError(
        'NOT_PERMITTED',
        `${input.attempted} failed: keep names ${id}, which is not a record the caller holds`,
        { details: { capability: id } },
      );
  }
  const stays = (record: Capability): boolean =>
    record.subject === input.pid && (named.has(record.id) || survivesExec(record) !== null);
  const held: Capability[] = [];
  for await (const record of capabilitiesOf(scope.tx, input.pid)) held.push(record);
  const dropped: CapabilityId[] = [];
  for (const record of held) {
    if (stays(record)) continue;
    // An earlier record's cascade may have reached this one already.
    const current = await scope.tx.getCapability(record.id);
    if (current === undefined || current.revokedAt !== null) continue;
    await revokeTree(scope, current, { spare: stays, note: { by: 'exec' } });
    dropped.push(record.id);
  }
  return { kept: [...named], dropped };
}
