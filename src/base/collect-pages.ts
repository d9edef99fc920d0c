// Reads a keyset-paged listing to the end, one page per read, so no read holds a long snapshot.

/**
 * Calls `fetchPage` with the key of the last item seen (undefined first) until a page comes back
 * shorter than `pageSize`, and returns every item in order.
 */
export async function collectPages<T, K>(
  fetchPage: (after: K | undefined, limit: number) => Promise<readonly T[]>,
  keyOf: (item: T) => K,
  options: { pageSize: number },
): Promise<T[]> {
  const all: T[] = [];
  let after: K | undefined;
  for (;;) {
    const page = await fetchPage(after, options.pageSize);
    all.push(...page);
    const last = page.at(-1);
    if (last === undefined || page.length < options.pageSize) return all;
    after = keyOf(last);
  }
}
