// Paths inside a Skill folder: relative, normalised, never leaving the folder.
import { posix } from 'node:path';
import { findHiddenCharacter } from '../../base/find-hidden-character.js';
import type { Parsed } from '../capability/resource.js';
import { SKILL_LIMITS } from './types.js';

/**
 * Normalises a path a process names inside a Skill (`./scripts//fill.py` → `scripts/fill.py`).
 * Refused: empty, absolute, a drive or backslash, NUL or another hidden character, anything that
 * leaves the folder (`..`), the folder itself, and paths past the length limit. A refusal's
 * reason never repeats the path.
 * @example normalizeSkillPath('scripts/../reference.md') // { ok: true, value: 'reference.md' }
 */
export function normalizeSkillPath(path: string): Parsed<string> {
  if (path.length === 0) return bad('the path is empty');
  if (path.length > SKILL_LIMITS.maxPathLength) return bad('the path is too long');
  const hidden = findHiddenCharacter(path, { allowLineBreaks: false });
  if (hidden !== null) return bad(`the path contains ${hidden}`);
  if (posix.isAbsolute(path) || path.includes('\\') || /^[A-Za-z]:/.test(path))
    return bad('the path must be relative to the Skill folder');
  const normal = posix.normalize(path).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../'))
    return bad('the path leaves the Skill folder (..)');
  if (normal === '.' || normal === '') return bad('the path names the Skill folder, not a file');
  return { ok: true, value: normal };
}

function bad(reason: string): Parsed<string> {
  return { ok: false, reason };
}
