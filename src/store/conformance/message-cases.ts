// Conformance cases for the mailbox: delivery order (interrupts first) and marking delivered.
import { describe, expect, it } from 'vitest';
import type { Message } from '../../kernel/mailbox/types.js';
import type { Store } from '../../ports/store.js';
import { makeMessage, pidOf } from './fixtures.js';

async function post(store: Store, messages: readonly Message[]): Promise<void> {
  await store.transact(async (tx) => {
    for (const m of messages) await tx.insertMessage(m);
  });
}

/** Defines the mailbox cases against the store `store()` returns. */
export function describeMessageCases(store: () => Store): void {
  describe('messages', () => {
    it('lists undelivered messages interrupts first, then in posting order', async () => {
      const to = pidOf(1);
      await post(store(), [
        makeMessage(1, to, { postedAt: 30 }),
        makeMessage(2, to, { postedAt: 10 }),
        makeMessage(3, to, { postedAt: 40, interrupt: true }),
        makeMessage(4, to, { postedAt: 20, interrupt: true }),
        makeMessage(5, to, { postedAt: 10 }),
        makeMessage(6, pidOf(2), { postedAt: 5, interrupt: true }),
      ]);
      const inbox = await store().read((r) => r.listUndelivered(to, 10));
      expect(inbox.map((m) => m.id)).toStrictEqual(
        [4, 3, 2, 5, 1].map((n) => makeMessage(n, to, { postedAt: 0 }).id),
      );
      expect(await store().read((r) => r.listUndelivered(to, 2))).toStrictEqual(inbox.slice(0, 2));
    });

    it('round-trips a message exactly', async () => {
      const message = makeMessage(1, pidOf(1), {
        postedAt: 12,
        interrupt: true,
        from: pidOf(9),
        body: { text: 'hello', nested: { list: [1, 'two', null, false] } },
      });
      await post(store(), [message]);
      expect(await store().read((r) => r.listUndelivered(pidOf(1), 10))).toStrictEqual([message]);
    });

    it('stops listing messages once they are marked delivered', async () => {
      const to = pidOf(1);
      await post(
        store(),
        [1, 2, 3].map((n) => makeMessage(n, to, { postedAt: n })),
      );
      const [first, second, third] = await store().read((r) => r.listUndelivered(to, 10));
      await store().transact((tx) => tx.markDelivered([first!.id, third!.id], 100));
      expect(await store().read((r) => r.listUndelivered(to, 10))).toStrictEqual([second]);
      await store().transact((tx) => tx.markDelivered([], 200));
      await store().transact((tx) => tx.markDelivered([second!.id], 200));
      expect(await store().read((r) => r.listUndelivered(to, 10))).toStrictEqual([]);
    });
  });
}
