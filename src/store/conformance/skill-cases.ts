// Conformance cases for the Skill registry: immutable versions, newest-live listing, removal.
import { describe, expect, it } from 'vitest';
import type { Skill } from '../../kernel/skill/types.js';
import type { Store } from '../../ports/store.js';
import { expectCode } from './expect-code.js';

function skill(name: string, version: number, overrides: Partial<Skill> = {}): Skill {
  return {
    name,
    version,
    description: `${name} v${version}`,
    sha256: String(version).repeat(64).slice(0, 64),
    files: [
      { path: 'SKILL.md', size: 40, sha256: 'a'.repeat(64) },
      { path: 'scripts/run.sh', size: 12, sha256: 'b'.repeat(64) },
    ],
    metadata: { license: 'MIT', 'allowed-tools': ['read_file'] },
    registeredBy: 'operator',
    createdAt: 10 + version,
    removedAt: null,
    ...overrides,
  };
}

/** Defines the Skill cases against the store `store()` returns. */
export function describeSkillCases(store: () => Store): void {
  describe('skills', () => {
    it('reads a version exactly as inserted, and the newest version without one', async () => {
      await store().transact(async (tx) => {
        await tx.insertSkill(skill('pdf-forms', 1));
        await tx.insertSkill(skill('pdf-forms', 2));
      });
      expect(await store().read((r) => r.getSkill('pdf-forms', 1))).toStrictEqual(
        skill('pdf-forms', 1),
      );
      expect(await store().read((r) => r.getSkill('pdf-forms'))).toStrictEqual(
        skill('pdf-forms', 2),
      );
      expect(await store().read((r) => r.getSkill('pdf-forms', 3))).toBeUndefined();
      expect(await store().read((r) => r.getSkill('nothing'))).toBeUndefined();
    });

    it('lists the newest version of each live name in name order, paged by keyset', async () => {
      await store().transact(async (tx) => {
        for (const [name, version] of [
          ['changelog', 1],
          ['pdf-forms', 1],
          ['changelog', 2],
          ['api-docs', 1],
        ] as const)
          await tx.insertSkill(skill(name, version));
      });
      const all = await store().read((r) => r.listSkills({ limit: 10 }));
      expect(all.map((s) => `${s.name}@${s.version}`)).toEqual([
        'api-docs@1',
        'changelog@2',
        'pdf-forms@1',
      ]);
      const page = await store().read((r) => r.listSkills({ afterName: 'api-docs', limit: 1 }));
      expect(page.map((s) => `${s.name}@${s.version}`)).toEqual(['changelog@2']);
      expect(await store().read((r) => r.listSkills({ afterName: 'pdf-forms', limit: 5 }))).toEqual(
        [],
      );
    });

    it('removes every version of a name; a later version is live again', async () => {
      await store().transact(async (tx) => {
        await tx.insertSkill(skill('changelog', 1));
        await tx.insertSkill(skill('changelog', 2));
        await tx.insertSkill(skill('pdf-forms', 1));
      });
      expect(await store().transact((tx) => tx.removeSkill('changelog', { at: 99 }))).toBe(2);
      expect(await store().transact((tx) => tx.removeSkill('changelog', { at: 100 }))).toBe(0);
      expect((await store().read((r) => r.listSkills({ limit: 10 }))).map((s) => s.name)).toEqual([
        'pdf-forms',
      ]);
      expect(await store().read((r) => r.getSkill('changelog'))).toMatchObject({
        version: 2,
        removedAt: 99,
      });
      await store().transact((tx) => tx.insertSkill(skill('changelog', 3)));
      expect((await store().read((r) => r.listSkills({ limit: 10 }))).map((s) => s.name)).toEqual([
        'changelog',
        'pdf-forms',
      ]);
      expect(await store().read((r) => r.getSkill('changelog', 1))).toMatchObject({
        removedAt: 99,
      });
    });

    it('refuses a version twice and keeps the first', async () => {
      await store().transact((tx) => tx.insertSkill(skill('changelog', 1)));
      await expectCode(
        store().transact((tx) => tx.insertSkill(skill('changelog', 1, { description: 'another' }))),
        'ALREADY_EXISTS',
      );
      expect(await store().read((r) => r.getSkill('changelog'))).toStrictEqual(
        skill('changelog', 1),
      );
    });
  });
}
