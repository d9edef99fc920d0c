// Tests for the snapshot hash: order-free, and changed by any edit, rename, addition or removal.
import { describe, expect, it } from 'vitest';
import { skillSnapshotHash } from './snapshot-hash.js';

const A = { path: 'SKILL.md', size: 10, sha256: 'a'.repeat(64) };
const B = { path: 'scripts/fill.py', size: 20, sha256: 'b'.repeat(64) };

describe('skillSnapshotHash', () => {
  it('does not depend on the order files were read in', () => {
    expect(skillSnapshotHash([A, B])).toBe(skillSnapshotHash([B, A]));
  });

  it('changes with any edit, rename, addition or removal', () => {
    const base = skillSnapshotHash([A, B]);
    expect(skillSnapshotHash([A, { ...B, sha256: 'c'.repeat(64) }])).not.toBe(base);
    expect(skillSnapshotHash([A, { ...B, path: 'scripts/fill2.py' }])).not.toBe(base);
    expect(skillSnapshotHash([A])).not.toBe(base);
    expect(skillSnapshotHash([A, B, { ...B, path: 'x' }])).not.toBe(base);
  });
});
