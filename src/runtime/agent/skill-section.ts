// The Skills section of a process's system prompt, and the manifest entry that records it.
import type { Json } from '../../base/canonical-json.js';
import { formatSkillListing } from '../../kernel/skill/skill-listing.js';
import type { QuantumContext } from '../quantum-context.js';
import { usableSkills } from '../skills/usable-skills.js';

/** The section's text ('' when no Skill is usable) and what the context manifest records. */
export interface SkillSection {
  readonly text: string;
  /** `{ skill, version, sha256 }` of each listed Skill, and how many usable ones were left out. */
  readonly manifest: { readonly [key: string]: Json } | null;
}

/**
 * Lists the name and description of each Skill the process may read (`skill:<name> read`),
 * bounded by `SKILL_LIMITS` with a closing line for what was cut. The listed versions and their
 * snapshot hashes go into the turn's `context.materialized` entry, so the journal says which
 * Skills each model call was shown.
 */
export async function skillSection(ctx: QuantumContext): Promise<SkillSection> {
  const { usable, considered } = await ctx.deps.store.read((reader) =>
    usableSkills({ reader, cache: ctx.deps.capabilities }, { pid: ctx.pid, now: ctx.now() }),
  );
  if (usable.length === 0) return { text: '', manifest: null };
  const listing = formatSkillListing(usable);
  const listed = new Set(listing.listed);
  return {
    text: listing.text,
    manifest: {
      listed: usable
        .filter((s) => listed.has(s.name))
        .map((s) => ({ skill: s.name, version: s.version, sha256: s.sha256 })),
      omitted: listing.omitted,
      considered,
    },
  };
}
