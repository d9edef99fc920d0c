// Reading one version of an object with its payload, from one consistent snapshot.
import { LibosError } from '../../base/errors.js';
import type { ObjectAddress, ObjectPayload } from '../../ports/object-ops.js';
import type { Store } from '../../ports/store.js';
import { loadObject } from './load-object.js';
import { readPayload } from './read-payload.js';

const ATTEMPTED = 'Reading an object';

/**
 * `version` of the object at `address` (the latest when null) with its payload. A deleted
 * object's history stays readable by version; its latest is NOT_FOUND.
 * @throws NOT_FOUND (object, version, deleted with no version asked for), STORE_CORRUPT (the
 *   payload is missing or does not hash to the version's sha256)
 */
export async function readObject(
  store: Store,
  address: ObjectAddress,
  options: { version: number | null },
): Promise<ObjectPayload> {
  return store.read(async (reader) => {
    const object = await loadObject(reader, address, { attempted: ATTEMPTED });
    if (object.deletedAt !== null && options.version === null)
      throw new LibosError(
        'NOT_FOUND',
        `${ATTEMPTED} failed: ${object.id} was deleted; read its history by version (1 to ${object.latestVersion})`,
        { details: { latestVersion: object.latestVersion } },
      );
    const number = options.version ?? object.latestVersion;
    const version = await reader.getVersion(object.id, number);
    if (version === undefined)
      throw new LibosError(
        'NOT_FOUND',
        `${ATTEMPTED} failed: ${object.id} has no version ${number} (latest ${object.latestVersion})`,
        { details: { latestVersion: object.latestVersion } },
      );
    const bytes = await readPayload(reader, version.sha256, {
      attempted: ATTEMPTED,
      ref: `${object.id}@${version.version}`,
    });
    return { object, version, bytes };
  });
}
