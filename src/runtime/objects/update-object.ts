// Appending a version to an object with compare-and-set on its latest version.
import { LibosError } from '../../base/errors.js';
import { formatVersionRef } from '../../kernel/object/object-ref.js';
import type { MemoryObject } from '../../kernel/object/types.js';
import type { ObjectAddress, ObjectContent, ObjectSnapshot } from '../../ports/object-ops.js';
import type { RuntimeDeps } from '../deps.js';
import { loadLiveObject } from './load-object.js';
import { callerPid, runObjectCommand, type ObjectCaller } from './object-caller.js';
import { versionEntry } from './version-entry.js';
import { writeVersion } from './write-version.js';

const ATTEMPTED = 'Updating an object';

/**
 * Appends version `expectedVersion + 1` to the object at `address` if its latest version is
 * still `expectedVersion`, and journals `object.updated`. A stale update changes nothing.
 * @throws VERSION_CONFLICT (stale), NOT_FOUND (object, deleted, source), INVALID_INPUT,
 *   OUT_OF_RANGE
 */
export async function updateObject(
  deps: RuntimeDeps,
  caller: ObjectCaller,
  input: { address: ObjectAddress; content: ObjectContent; expectedVersion: number },
): Promise<ObjectSnapshot> {
  return runObjectCommand(deps, caller, async (scope) => {
    const current = await loadLiveObject(scope.tx, input.address, { attempted: ATTEMPTED });
    if (current.latestVersion !== input.expectedVersion) throw conflict(current, input);
    const previous = await scope.tx.getVersion(current.id, current.latestVersion);
    if (previous === undefined)
      throw new LibosError('STORE_CORRUPT', `${ATTEMPTED} failed: its latest version is missing`);
    const object: MemoryObject = {
      ...current,
      latestVersion: current.latestVersion + 1,
      updatedAt: scope.now,
    };
    // The row's compare-and-set comes first: a concurrent writer that got there first makes
    // this throw before any version or payload is written.
    await scope.tx.updateObject(object, { expectedVersion: input.expectedVersion });
    const { version, newBlob } = await writeVersion(scope, caller, {
      object,
      content: input.content,
      previous: {
        ref: formatVersionRef(current.id, previous.version),
        labels: previous.labels,
      },
      attempted: ATTEMPTED,
    });
    scope.journal('object.updated', callerPid(caller), {
      ...versionEntry(object, version),
      newBlob,
    });
    return { object, version };
  });
}

function conflict(current: MemoryObject, input: { expectedVersion: number }): LibosError {
  return new LibosError(
    'VERSION_CONFLICT',
    `${ATTEMPTED} failed: ${current.id} is at version ${current.latestVersion}, not ${input.expectedVersion}`,
    { details: { expectedVersion: input.expectedVersion, latestVersion: current.latestVersion } },
  );
}
