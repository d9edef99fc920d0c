// Conformance cases for Object Memory namespaces: created once, read back, listed by name.
import { describe, expect, it } from 'vitest';
import type { Namespace } from '../../kernel/object/types.js';
import type { Store } from '../../ports/store.js';
import { expectCode } from './expect-code.js';
import { pidOf } from './fixtures.js';

function namespace(name: string, n: number): Namespace {
  return n === 0
    ? { name, kind: 'shared', owner: 'operator', createdAt: 10 }
    : { name, kind: 'private', owner: pidOf(n), createdAt: 10 + n };
}

/** Defines the namespace cases against the store `store()` returns. */
export function describeNamespaceCases(store: () => Store): void {
  describe('namespaces', () => {
    it('lists namespaces in name order, paged by keyset, each as it was created', async () => {
      const made = [namespace('team/b', 0), namespace('proc/x', 1), namespace('team/a', 0)];
      await store().transact(async (tx) => {
        for (const ns of made) await tx.insertNamespace(ns);
      });
      const all = await store().read((r) => r.listNamespaces({ limit: 10 }));
      expect(all.map((ns) => ns.name)).toEqual(['proc/x', 'team/a', 'team/b']);
      expect(all[0]).toStrictEqual(made[1]);
      const page = await store().read((r) => r.listNamespaces({ afterName: 'proc/x', limit: 1 }));
      expect(page.map((ns) => ns.name)).toEqual(['team/a']);
      expect(await store().read((r) => r.getNamespace('team/b'))).toStrictEqual(made[0]);
    });

    it('refuses a second namespace of the same name and keeps the first', async () => {
      await store().transact((tx) => tx.insertNamespace(namespace('team/a', 0)));
      await expectCode(
        store().transact((tx) => tx.insertNamespace(namespace('team/a', 2))),
        'ALREADY_EXISTS',
      );
      expect(await store().read((r) => r.listNamespaces({ limit: 10 }))).toStrictEqual([
        namespace('team/a', 0),
      ]);
    });
  });
}
