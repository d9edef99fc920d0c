// The content hash of a Skill snapshot: one value naming every file's path and bytes.
import { canonicalJson } from '../../base/canonical-json.js';
import { sha256Hex } from '../../base/hash.js';
import type { SkillFile } from './types.js';

/**
 * SHA-256 of the canonical JSON of the files sorted by path (`[{ path, sha256, size }]`): two
 * folders with the same files and bytes have the same hash, and any edit, addition, removal or
 * rename changes it. SKILL.md is one of the files, so the name and description are covered.
 */
export function skillSnapshotHash(files: readonly SkillFile[]): string {
  const sorted = [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => ({ path: f.path, sha256: f.sha256, size: f.size }));
  return sha256Hex(canonicalJson(sorted));
}
