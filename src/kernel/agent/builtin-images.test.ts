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
  'base@2': 'ba54342184ceb40fd07683bf5222580ac910cc1975f83d439f8ef0bdacc22c08',
  'research@2': 'dd9a664076460a52069a62a7a5a3ba12f6c19f24a7c378992146491f6f95f7f9',
  'orchestrator@2': 'f0104a87a8572ddb3927f3e1bec48f9b270cff243fc0ca9dda191890c2695edd',
  'coding@2': '1679ec17f0be405045bf322915a38351092c6ac0ad8b83d58ba55456e5dbe3c6',
  'research@3': '3d0e10beff366f9b68c2a4f61a9335fed9cf3f440de7ee0a7c0e2075cad00aff',
  'orchestrator@3': 'ff57e4ea2671341e83f5dd6570e6234e6fc889fcec44c71f9f180fb4fa3021e1',
  'coding@3': '6dedd5835ed1bcd95b0712c4ee8a2516ec074fdaf69583106b6cef4529a75b8e',
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
    expect(findBuiltinImage({ id: 'base' })?.version).toBe(2);
    expect(findBuiltinImage({ id: 'base', version: 1 })?.tools).not.toContain('skill_activate');
    expect(findBuiltinImage({ id: 'base', version: 2 })?.tools).toContain('skill_activate');
    expect(findBuiltinImage({ id: 'base', version: 3 })).toBeUndefined();
    expect(findBuiltinImage({ id: 'nope' })).toBeUndefined();
  });

  it('gives orchestrator and coding, from version 3, the checkpoint tools before exit', () => {
    for (const id of ['orchestrator', 'coding']) {
      const image = findBuiltinImage({ id });
      expect(image?.version).toBe(3);
      expect(image?.tools.slice(-3)).toEqual(['checkpoint_create', 'checkpoint_list', 'exit']);
      expect(findBuiltinImage({ id, version: 2 })?.tools).not.toContain('checkpoint_create');
    }
  });

  it('gives research, from version 3, the tools that reach the world, declared but not granted', () => {
    const research = findBuiltinImage({ id: 'research' });
    expect(research?.version).toBe(3);
    expect(research?.tools).toEqual(
      expect.arrayContaining(['fetch_url', 'mcp_list_tools', 'mcp_call']),
    );
    expect(research?.tools.at(-1)).toBe('exit');
    expect(research?.requirements.map((r) => r.resource)).toEqual(
      expect.arrayContaining(['net:*', 'mcp:**']),
    );
    expect(findBuiltinImage({ id: 'research', version: 2 })?.tools).not.toContain('fetch_url');
    expect(findBuiltinImage({ id: 'base' })?.tools).not.toContain('fetch_url');
  });
});
