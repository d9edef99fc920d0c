// Reading the real labels of the versions a new version says it was derived from.
import { LibosError } from '../../base/errors.js';
import { formatVersionRef, type ObjectRef } from '../../kernel/object/object-ref.js';
import { OBJECT_LIMITS } from '../../kernel/object/limits.js';
import type { Labels } from '../../kernel/object/types.js';
import type { ObjectReader } from '../../ports/object-store.js';

/** One source as deriveLabels takes it: its `obj_…@N` reference and its stored labels. */
export interface LabelledSource {
  readonly ref: string;
  readonly labels: Labels;
}

/**
 * The stored labels of each source (the latest version when none is named), so that labels come
 * from the store and never from what a caller claims.
 * @throws NOT_FOUND (no such object or version), OUT_OF_RANGE (too many sources)
 */
export async function loadSourceLabels(
  reader: ObjectReader,
  sources: readonly ObjectRef[],
  options: { attempted: string },
): Promise<LabelledSource[]> {
  if (sources.length > OBJECT_LIMITS.maxSources)
    throw new LibosError(
      'OUT_OF_RANGE',
      `${options.attempted} failed: at most ${OBJECT_LIMITS.maxSources} sources`,
    );
  const out: LabelledSource[] = [];
  for (const source of sources) {
    const object = await reader.getObject(source.id);
    const number = source.version ?? object?.latestVersion;
    const version =
      object === undefined || number === undefined
        ? undefined
        : await reader.getVersion(source.id, number);
    if (version === undefined) {
      const shown =
        source.version === null ? source.id : formatVersionRef(source.id, source.version);
      throw new LibosError('NOT_FOUND', `${options.attempted} failed: no source ${shown}`);
    }
    out.push({ ref: formatVersionRef(source.id, version.version), labels: version.labels });
  }
  return out;
}
