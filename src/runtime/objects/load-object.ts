// Finding the object an address names, inside a command or a read snapshot.
import { LibosError } from '../../base/errors.js';
import type { MemoryObject } from '../../kernel/object/types.js';
import type { ObjectReader } from '../../ports/object-store.js';
import type { ObjectAddress } from '../../ports/object-ops.js';

/**
 * The object `address` names: by id (even tombstoned; it must sit at the authorised namespace
 * and name) or the live object of that name.
 * @throws NOT_FOUND when there is none; INTERNAL when an id sits elsewhere than authorised
 */
export async function loadObject(
  reader: ObjectReader,
  address: ObjectAddress,
  options: { attempted: string },
): Promise<MemoryObject> {
  const found =
    address.id === undefined
      ? await reader.findObject(address.namespace, address.name)
      : await reader.getObject(address.id);
  if (found === undefined) {
    const what = address.id ?? JSON.stringify(address.name);
    throw new LibosError('NOT_FOUND', `${options.attempted} failed: no object ${what}`);
  }
  // Objects never move, so this only fails when a caller mixed up what was authorised.
  if (found.namespace !== address.namespace || found.name !== address.name) {
    throw new LibosError(
      'INTERNAL',
      `${options.attempted} failed: the object is not where it was authorised`,
    );
  }
  return found;
}

/**
 * Like loadObject, for changes: a tombstoned object cannot be changed.
 * @throws NOT_FOUND (also for a deleted object)
 */
export async function loadLiveObject(
  reader: ObjectReader,
  address: ObjectAddress,
  options: { attempted: string },
): Promise<MemoryObject> {
  const object = await loadObject(reader, address, options);
  if (object.deletedAt !== null)
    throw new LibosError('NOT_FOUND', `${options.attempted} failed: ${object.id} was deleted`, {
      details: { deletedAtVersion: object.latestVersion },
    });
  return object;
}
