// A built-in image version never changes: a process pinned to it must run what it was spawned with.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../base/canonical-json.js';
import { sha256Hex } from '../../base/hash.js';
import { BUILTIN_IMAGES } from './builtin-images.js';
import { findBuiltinImage } from './find-builtin-image.js';

/**
 * The sha256 of each shipped built-in version's canonical JSON. Changing a built-in means adding a
 * new version (and keeping the old one in BUILTIN_IMAGES, so processes pinned to it still find
 * it), then adding its line here; never editing a line.
 */
const SHIPPED: Readonly<Record<string, string>> = {
  'base@1': 'ae5b76fc86f30717affa1744768bf13db39c5af663cc7325c31929ae6ebb74c9',
  'research@1': '5abb80721edbd190453c1572d7a515c98b93de3e7afc30ba0c9adab807f3642d',
  'orchestrator@1': 'd592174ce281bc126bbcc66e9ab5889d35c5f07121a0d9beaa817d4c8cd89b19',
  'coding@1': 'bcaf3dac2597315c2156226730b605952e9f9eaf2d23cdebf947162ce6b2d3e0',
};

describe('built-in images', () => {
  it('never change a shipped version: a change is a new version beside the old one', () => {
    const now = Object.fromEntries(
      BUILTIN_IMAGES.map((image) => [
        `${image.id}@${image.version}`,
        sha256Hex(canonicalJson(image)),
      ]),
    );
    for (const [ref, hash] of Object.entries(SHIPPED)) {
      expect(now[ref], `${ref} was edited or removed: add a new version instead`).toBe(hash);
    }
    expect(Object.keys(now).sort()).toEqual(Object.keys(SHIPPED).sort());
  });

  it('finds the newest version when none is named, and exactly the one named otherwise', () => {
    expect(findBuiltinImage({ id: 'base' })?.version).toBe(1);
    expect(findBuiltinImage({ id: 'base', version: 1 })?.id).toBe('base');
    expect(findBuiltinImage({ id: 'base', version: 2 })).toBeUndefined();
    expect(findBuiltinImage({ id: 'nope' })).toBeUndefined();
  });
});
