// The live objects of one namespace, read page by page.
import type { MemoryObject } from '../../kernel/object/types.js';
import type { StoreReader } from '../../ports/store.js';

const PAGE = 500;

/** Every live (not deleted) object of `namespace`, by name. */
export async function liveObjects(reader: StoreReader, namespace: string): Promise<MemoryObject[]> {
  const out: MemoryObject[] = [];
  for (let afterName: string | undefined; ;) {
    const page = await reader.listObjects({
      namespace,
      limit: PAGE,
      ...(afterName === undefined ? {} : { afterName }),
    });
    out.push(...page);
    afterName = page.at(-1)?.name;
    if (page.length < PAGE || afterName === undefined) return out;
  }
}
