// Listing a namespace's live objects with their latest versions, keyset-paged by name.
import { LibosError } from '../../base/errors.js';
import { OBJECT_LIMITS } from '../../kernel/object/limits.js';
import type { ObjectPage, ObjectSnapshot } from '../../ports/object-ops.js';
import type { Store } from '../../ports/store.js';

/**
 * One page of `namespace`'s live objects after `afterName`, each with its latest version.
 * @throws NOT_FOUND (namespace), OUT_OF_RANGE (limit)
 */
export async function listObjects(
  store: Store,
  query: { namespace: string; afterName?: string; limit: number },
): Promise<ObjectPage> {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > OBJECT_LIMITS.maxPage)
    throw new LibosError(
      'OUT_OF_RANGE',
      `Listing objects failed: the limit must be 1 to ${OBJECT_LIMITS.maxPage}`,
    );
  return store.read(async (reader) => {
    if ((await reader.getNamespace(query.namespace)) === undefined)
      throw new LibosError('NOT_FOUND', `Listing objects failed: no namespace ${query.namespace}`);
    const objects = await reader.listObjects({
      namespace: query.namespace,
      limit: query.limit,
      ...(query.afterName === undefined ? {} : { afterName: query.afterName }),
    });
    const items: ObjectSnapshot[] = [];
    for (const object of objects) {
      const version = await reader.getVersion(object.id, object.latestVersion);
      if (version === undefined)
        throw new LibosError(
          'STORE_CORRUPT',
          `Listing objects failed: ${object.id} has no latest version`,
        );
      items.push({ object, version });
    }
    const last = objects.at(-1);
    return {
      items,
      nextAfter: objects.length === query.limit && last !== undefined ? last.name : null,
    };
  });
}
