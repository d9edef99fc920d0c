// The Skills a process may use: registered, live, and covered by its `skill:<name> read` authority.
import type { Pid } from '../../base/ids.js';
import type { Skill } from '../../kernel/skill/types.js';
import type { StoreReader } from '../../ports/store.js';
import type { CapabilityCache } from '../authority/capability-cache.js';
import { loadDecision } from '../authority/load-decision.js';

/** Registered Skills looked at per listing, at most; the listing itself shows fewer. */
const MAX_CONSIDERED = 1000;
const PAGE = 200;

/**
 * The newest live version of each registered Skill that `pid` may read, in name order: decided
 * like a `skill:<name> read` call with the same records (a deny or ask record, a delegator's
 * veto, an expiry all leave a Skill out). A process without a `skill:` allow record looks at
 * none. `considered` says how many registered Skills were looked at (at most 1,000). One read
 * snapshot; nothing is journaled here.
 */
export async function usableSkills(
  source: { readonly reader: StoreReader; readonly cache: CapabilityCache },
  input: { readonly pid: Pid; readonly now: number },
): Promise<{ usable: Skill[]; considered: number }> {
  // Most processes hold no Skill at all: then no registered Skill is looked at, every turn.
  const held = await source.cache.all(source.reader, input.pid);
  if (!held.some((r) => r.resource.kind === 'skill' && r.effect === 'allow'))
    return { usable: [], considered: 0 };
  const usable: Skill[] = [];
  let considered = 0;
  for (let afterName: string | undefined; considered < MAX_CONSIDERED;) {
    const page = await source.reader.listSkills({
      limit: Math.min(PAGE, MAX_CONSIDERED - considered),
      ...(afterName === undefined ? {} : { afterName }),
    });
    for (const skill of page) {
      const verdict = await loadDecision(
        source.reader,
        {
          pid: input.pid,
          needs: [{ resource: { kind: 'skill', path: skill.name }, right: 'read' }],
          callHash: '',
          now: input.now,
        },
        { cache: source.cache },
      );
      if (verdict.effect === 'allow') usable.push(skill);
    }
    considered += page.length;
    afterName = page.at(-1)?.name;
    if (page.length < PAGE || afterName === undefined) break;
  }
  return { usable, considered };
}
