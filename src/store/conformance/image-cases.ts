// Conformance cases for registered agent images: versions stored once, read and listed in order.
import { describe, expect, it } from 'vitest';
import type { AgentImage } from '../../kernel/agent/types.js';
import type { Store } from '../../ports/store.js';
import { expectCode } from './expect-code.js';

function image(id: string, version: number): AgentImage {
  return {
    id,
    version,
    description: `${id} v${version}`,
    systemPrompt: 'You help.',
    tools: ['read_file', 'exit'],
    requirements: [{ resource: 'fs:**', rights: ['read'], why: 'reads' }],
    defaultBudget: { quanta: 10 },
    defaultModel: null,
  };
}

/** Defines the image cases against the store `store()` returns. */
export function describeImageCases(store: () => Store): void {
  describe('images', () => {
    it('lists registered versions in (id, version) order, paged by keyset', async () => {
      await store().transact(async (tx) => {
        for (const [id, version] of [
          ['writer', 2],
          ['auditor', 1],
          ['writer', 1],
          ['writer', 10],
        ] as const)
          await tx.insertImage(image(id, version), { by: 'operator', at: 1 });
      });
      const all = await store().read((r) => r.listImages({ limit: 10 }));
      expect(all.map((i) => `${i.id}@${i.version}`)).toEqual([
        'auditor@1',
        'writer@1',
        'writer@2',
        'writer@10',
      ]);
      expect(all[0]).toStrictEqual(image('auditor', 1));
      const page = await store().read((r) =>
        r.listImages({ after: { id: 'writer', version: 1 }, limit: 1 }),
      );
      expect(page.map((i) => `${i.id}@${i.version}`)).toEqual(['writer@2']);
      expect(await store().read((r) => r.getImage('writer'))).toStrictEqual(image('writer', 10));
    });

    it('lists nothing on an empty store and refuses a version twice', async () => {
      expect(await store().read((r) => r.listImages({ limit: 10 }))).toEqual([]);
      await store().transact((tx) => tx.insertImage(image('a', 1), { by: 'operator', at: 1 }));
      await expectCode(
        store().transact((tx) => tx.insertImage(image('a', 1), { by: 'operator', at: 2 })),
        'ALREADY_EXISTS',
      );
      expect(await store().read((r) => r.listImages({ limit: 10 }))).toHaveLength(1);
    });
  });
}
