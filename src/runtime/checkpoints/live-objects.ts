// The live objects of one namespace, read page by page.
import { collectPages } from '../../base/collect-pages.js';
import type { MemoryObject } from '../../kernel/object/types.js';
import type { StoreReader } from '../../ports/store.js';

const PAGE = 500;

/** Every live (not deleted) object of `namespace`, by name. */
export function liveObjects(reader: StoreReader, namespace: string): Promise<MemoryObject[]> {
  return collectPages(
    (afterName: string | undefined, limit) =>
      reader.listObjects({ namespace, limit, ...(afterName === undefined ? {} : { afterName }) }),
    (o) => o.name,
    { pageSize: PAGE },
  );
}
