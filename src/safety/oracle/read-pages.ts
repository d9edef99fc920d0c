// Reads every row of a keyset-paged listing, page after page.

/** Rows per page of every listing the oracle reads. */
export const PAGE = 500;

/**
 * Every row of a keyset-paged listing: `read` gets the last row of the previous page (undefined
 * for the first) and returns up to `PAGE` rows; a shorter page is the last.
 * @example
 * const all = await readPages((after) => runtime.list({ limit: PAGE, ...(after ? { afterPid: after.pid } : {}) }));
 */
export async function readPages<T>(read: (after: T | undefined) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  let after: T | undefined;
  for (;;) {
    const page = await read(after);
    out.push(...page);
    after = page.at(-1);
    if (page.length < PAGE || after === undefined) return out;
  }
}
