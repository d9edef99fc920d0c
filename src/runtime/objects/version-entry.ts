// The journal data of a stored version: ids, hash, size and labels — never the payload.
import type { Json } from '../../base/canonical-json.js';
import type { MemoryObject, ObjectVersion } from '../../kernel/object/types.js';

/** Journal data naming `version` of `object` by id and sha256. */
export function versionEntry(
  object: MemoryObject,
  version: ObjectVersion,
): { readonly [key: string]: Json } {
  return {
    object: object.id,
    namespace: object.namespace,
    name: object.name,
    type: object.type,
    version: version.version,
    sha256: version.sha256,
    size: version.size,
    sensitivity: version.labels.sensitivity,
    origins: [...version.labels.origins],
    sources: [...version.labels.sourceObjects],
  };
}
