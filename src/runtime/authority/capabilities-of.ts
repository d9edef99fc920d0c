// Every live capability record of one process, page by page.
import type { Pid } from '../../base/ids.js';
import type { Capability, CapabilityId } from '../../kernel/capability/types.js';
import type { AuthorityReader } from '../../ports/authority-store.js';

const PAGE = 500;

/**
 * Yields every unrevoked record of `subject` in id order, reading keyset pages of 500, so memory
 * stays bounded by one page. Works on a transaction or a read snapshot alike.
 */
export async function* capabilitiesOf(
  reader: AuthorityReader,
  subject: Pid,
): AsyncGenerator<Capability> {
  for (let afterId: CapabilityId | undefined; ;) {
    const page = await reader.listCapabilities({
      subject,
      limit: PAGE,
      ...(afterId === undefined ? {} : { afterId }),
    });
    yield* page;
    afterId = page.at(-1)?.id;
    if (page.length < PAGE || afterId === undefined) return;
  }
}
