// Skills: registered folders of instructions (SKILL.md) and resources, snapshotted by content hash.
import type { Json } from '../../base/canonical-json.js';

/** One regular file of a Skill snapshot, by its path inside the Skill folder. */
export interface SkillFile {
  /** Relative POSIX path inside the folder (`SKILL.md`, `scripts/fill.py`). */
  readonly path: string;
  readonly size: number;
  /** SHA-256 (hex) of the bytes; the bytes are a content-addressed blob. */
  readonly sha256: string;
}

/** A registered Skill version: an immutable snapshot of a folder. */
export interface Skill {
  /** Lowercase letters, digits and single hyphens (`pdf-forms`); the `skill:<name>` resource. */
  readonly name: string;
  /** 1, 2, …: each registration of changed content makes the next version. */
  readonly version: number;
  /** What it is for and when to use it (front matter); listed in system prompts. */
  readonly description: string;
  /** SHA-256 of the snapshot: `skillSnapshotHash(files)`. */
  readonly sha256: string;
  /** Every regular file, sorted by path; `SKILL.md` among them. */
  readonly files: readonly SkillFile[];
  /**
   * The other front-matter fields as written (`license`, `allowed-tools`, `metadata`, …):
   * shown to the operator, never read as authority.
   */
  readonly metadata: { readonly [key: string]: Json };
  /** `operator`, or the registering actor. */
  readonly registeredBy: string;
  readonly createdAt: number;
  /** When `skill rm` removed the name (every version), or null. */
  readonly removedAt: number | null;
}

/** The file every Skill folder has at its root. */
export const SKILL_FILE = 'SKILL.md';

/** Bounds on what a Skill may hold and what a process may be shown of it. */
export const SKILL_LIMITS = {
  /** Regular files in one snapshot. */
  maxFiles: 1000,
  /** Bytes of all files together (8 MiB, as Anthropic's Skills API). */
  maxTotalBytes: 8 * 1024 * 1024,
  /** `SKILL.md` itself: its body enters a model's context whole. */
  maxSkillFileBytes: 128 * 1024,
  /** Directory levels below the folder. */
  maxDepth: 16,
  /** Characters of a relative path. */
  maxPathLength: 1024,
  /** Largest file `skill.read` returns. */
  maxReadBytes: 1024 * 1024,
  /** Skills listed in one system prompt. */
  maxListed: 64,
  /** Characters the listing may take in a system prompt. */
  maxListingChars: 16_000,
} as const;
