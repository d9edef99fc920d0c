// Tombstoning an object: its name is freed, its versions stay for checkpoints and audit.
import { LibosError } from '../../base/errors.js';
import type { MemoryObject } from '../../kernel/object/types.js';
import type { ObjectAddress } from '../../ports/object-ops.js';
import type { RuntimeDeps } from '../deps.js';
import { loadLiveObject } from './load-object.js';
import { callerPid, runObjectCommand, type ObjectCaller } from './object-caller.js';

const ATTEMPTED = 'Deleting an object';

/**
 * Marks the object at `address` deleted (when given, only if still at `expectedVersion`) and
 * journals `object.deleted`. Versions and payloads are kept.
 * @throws NOT_FOUND (also already deleted), VERSION_CONFLICT
 */
export async function deleteObject(
  deps: RuntimeDeps,
  caller: ObjectCaller,
  input: { address: ObjectAddress; expectedVersion?: number },
): Promise<MemoryObject> {
  return runObjectCommand(deps, caller, async (scope) => {
    const current = await loadLiveObject(scope.tx, input.address, { attempted: ATTEMPTED });
    const expected = input.expectedVersion ?? current.latestVersion;
    if (current.latestVersion !== expected) {
      throw new LibosError(
        'VERSION_CONFLICT',
        `${ATTEMPTED} failed: ${current.id} is at version ${current.latestVersion}, not ${expected}`,
        { details: { expectedVersion: expected, latestVersion: current.latestVersion } },
      );
    }
    const object: MemoryObject = { ...current, updatedAt: scope.now, deletedAt: scope.now };
    await scope.tx.updateObject(object, { expectedVersion: expected });
    scope.journal('object.deleted', callerPid(caller), {
      object: object.id,
      namespace: object.namespace,
      name: object.name,
      version: object.latestVersion,
    });
    return object;
  });
}
