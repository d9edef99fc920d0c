// The `sources` input of object writes: object versions the content was derived from.
import { z } from 'zod';
import { LibosError } from '../../base/errors.js';
import { OBJECT_LIMITS } from '../../kernel/object/limits.js';
import { parseObjectRef, type ObjectRef } from '../../kernel/object/object-ref.js';
import type { ObjectReader } from '../../ports/object-store.js';
import type { ResourceNeed } from '../define-syscall.js';
import { locateId, objectNeed, type LocatedObject } from './object-target.js';

/** `obj_…` (its latest version) or `obj_…@N`. */
export const sourcesInput = z.array(z.string().min(1).max(80)).max(OBJECT_LIMITS.maxSources);

/** A source as located: where it is and which version. */
export interface LocatedSource {
  readonly located: LocatedObject;
  readonly ref: ObjectRef;
}

/**
 * Parses the references.
 * @throws INVALID_INPUT for a malformed one
 */
export function parseSources(
  sources: readonly string[] | undefined,
  attempted: string,
): ObjectRef[] {
  return (sources ?? []).map((text) => {
    const ref = parseObjectRef(text);
    if (ref === null)
      throw new LibosError(
        'INVALID_INPUT',
        `${attempted} failed: a source is an object id or id@version (obj_…@N)`,
      );
    return ref;
  });
}

/**
 * Locates every source (ids only: the caller needs `read` on each, checked on its real path).
 * @throws INVALID_INPUT
 */
export async function locateSources(
  sources: readonly string[] | undefined,
  options: { reader: ObjectReader; attempted: string },
): Promise<LocatedSource[]> {
  const out: LocatedSource[] = [];
  for (const ref of parseSources(sources, options.attempted))
    out.push({ ref, located: await locateId(ref.id, options) });
  return out;
}

/**
 * The `read` needs of the sources.
 * @throws INTERNAL when sources were given but not located
 */
export function sourceNeeds(
  sources: readonly string[] | undefined,
  located: readonly LocatedSource[] | undefined,
  attempted: string,
): ResourceNeed[] {
  if ((sources ?? []).length === 0) return [];
  if (located === undefined)
    throw new LibosError('INTERNAL', `${attempted} failed: the sources were not located`);
  return located.map((s) => objectNeed(s.located, 'read'));
}
