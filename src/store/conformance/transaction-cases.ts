// Conformance cases for transactions: atomic commit, full rollback, optimistic versions, fencing.
import { describe, expect, it } from 'vitest';
import type { Store, StoreReader } from '../../ports/store.js';
import { expectCode } from './expect-code.js';
import { makeDraft, makeMessage, makeProcess, nextVersion, pidOf, running } from './fixtures.js';

/** Everything a rollback must leave untouched, read in one snapshot. */
async function snapshot(reader: StoreReader): Promise<unknown> {
  return {
    processes: await reader.listProcesses({ limit: 100 }),
    inbox: await reader.listUndelivered(pidOf(1), 100),
    journal: await reader.listJournal({ limit: 100 }),
    heads: await reader.journalHeads(),
  };
}

/** Defines the transaction cases against the store `store()` returns. */
export function describeTransactionCases(store: () => Store): void {
  describe('transactions', () => {
    it('makes a committed transaction visible to later reads and transactions', async () => {
      const result = await store().transact(async (tx) => {
        await tx.insertProcess(makeProcess(1));
        await tx.insertMessage(makeMessage(1, pidOf(1), { postedAt: 10 }));
        await tx.appendJournal([makeDraft('process.spawned', pidOf(1))]);
        return 'done';
      });
      expect(result).toBe('done');
      const seen = await store().read(async (r) => ({
        process: await r.getProcess(pidOf(1)),
        inbox: await r.listUndelivered(pidOf(1), 10),
        journal: await r.listJournal({ limit: 10 }),
      }));
      expect(seen.process).toStrictEqual(makeProcess(1));
      expect(seen.inbox.map((m) => m.id)).toStrictEqual([
        makeMessage(1, pidOf(1), { postedAt: 10 }).id,
      ]);
      expect(seen.journal.map((e) => e.type)).toStrictEqual(['process.spawned']);
      await expect(store().transact((tx) => tx.getProcess(pidOf(1)))).resolves.toStrictEqual(
        makeProcess(1),
      );
    });

    it('sees its own uncommitted writes inside the transaction', async () => {
      await store().transact(async (tx) => {
        await tx.insertProcess(makeProcess(1));
        expect(await tx.getProcess(pidOf(1))).toStrictEqual(makeProcess(1));
      });
    });

    it('leaves nothing behind when the function throws, and rethrows its error', async () => {
      await store().transact(async (tx) => {
        await tx.insertProcess(makeProcess(2));
        await tx.appendJournal([makeDraft('process.spawned', pidOf(2))]);
      });
      const before = await store().read(snapshot);
      const thrown = new Error('command failed');
      await expect(
        store().transact(async (tx) => {
          await tx.insertProcess(makeProcess(1));
          await tx.updateProcess(nextVersion(makeProcess(2), { goal: 'changed' }));
          await tx.insertMessage(makeMessage(1, pidOf(1), { postedAt: 10 }));
          await tx.appendJournal([
            makeDraft('process.spawned', pidOf(1)),
            makeDraft('message.posted', pidOf(1)),
          ]);
          throw thrown;
        }),
      ).rejects.toBe(thrown);
      expect(await store().read(snapshot)).toStrictEqual(before);
    });

    it('continues the chain from the last committed entry after a rollback', async () => {
      const [first] = await store().transact((tx) =>
        tx.appendJournal([makeDraft('a.happened', null)]),
      );
      await expect(
        store().transact(async (tx) => {
          await tx.appendJournal([makeDraft('b.happened', null)]);
          throw new Error('abandon');
        }),
      ).rejects.toThrow('abandon');
      const [next] = await store().transact((tx) =>
        tx.appendJournal([makeDraft('c.happened', null)]),
      );
      expect(next!.seq).toBeGreaterThan(first!.seq);
      expect(next!.prevHash).toBe(first!.hash);
      const heads = await store().read((r) => r.journalHeads());
      expect(heads).toStrictEqual([{ stream: next!.stream, seq: next!.seq, hash: next!.hash }]);
    });

    it('commits a transaction whose function caught a rejected write, which wrote nothing', async () => {
      await store().transact(async (tx) => {
        await tx.insertProcess(makeProcess(1));
        await expectCode(
          tx.updateProcess(nextVersion(nextVersion(makeProcess(1)))),
          'VERSION_CONFLICT',
        );
        await tx.appendJournal([makeDraft('process.spawned', pidOf(1))]);
      });
      expect(await store().read((r) => r.getProcess(pidOf(1)))).toStrictEqual(makeProcess(1));
    });

    it('detects an optimistic version conflict and rolls the whole transaction back', async () => {
      const v1 = makeProcess(1);
      await store().transact((tx) => tx.insertProcess(v1));
      const v2 = nextVersion(v1, { goal: 'second' });
      await store().transact((tx) => tx.updateProcess(v2));
      const stale = nextVersion(v1, { goal: 'lost update' });
      const error = await expectCode(
        store().transact(async (tx) => {
          await tx.insertMessage(makeMessage(1, pidOf(1), { postedAt: 1 }));
          await tx.updateProcess(stale);
        }),
        'VERSION_CONFLICT',
      );
      expect(error.retryable).toBe(true);
      await expectCode(
        store().transact((tx) => tx.updateProcess({ ...nextVersion(v2), version: 5 })),
        'VERSION_CONFLICT',
      );
      const seen = await store().read(async (r) => [
        await r.getProcess(pidOf(1)),
        await r.listUndelivered(pidOf(1), 10),
      ]);
      expect(seen).toStrictEqual([v2, []]);
    });

    it('refuses to update a process that does not exist', async () => {
      await expectCode(
        store().transact((tx) => tx.updateProcess(makeProcess(1, { version: 2 }))),
        'NOT_FOUND',
      );
    });

    it('refuses to insert a second process or message with the same id', async () => {
      await store().transact(async (tx) => {
        await tx.insertProcess(makeProcess(1));
        await tx.insertMessage(makeMessage(1, pidOf(1), { postedAt: 1 }));
      });
      await expectCode(
        store().transact((tx) => tx.insertProcess(makeProcess(1, { goal: 'again' }))),
        'ALREADY_EXISTS',
      );
      await expectCode(
        store().transact((tx) => tx.insertMessage(makeMessage(1, pidOf(1), { postedAt: 2 }))),
        'ALREADY_EXISTS',
      );
      expect(await store().read((r) => r.getProcess(pidOf(1)))).toStrictEqual(makeProcess(1));
    });

    it('accepts the lease of a running process under its current fence', async () => {
      await store().transact((tx) =>
        tx.insertProcess(makeProcess(1, { state: running(3), fence: 3 })),
      );
      await expect(store().transact((tx) => tx.assertLease(pidOf(1), 3))).resolves.toBeUndefined();
    });

    it('rejects a stale fence, a process that is not running and an unknown pid', async () => {
      await store().transact(async (tx) => {
        await tx.insertProcess(makeProcess(1, { state: running(3), fence: 3 }));
        await tx.insertProcess(makeProcess(2, { fence: 3 }));
      });
      await expectCode(
        store().transact((tx) => tx.assertLease(pidOf(1), 2)),
        'STALE_LEASE',
      );
      await expectCode(
        store().transact((tx) => tx.assertLease(pidOf(1), 4)),
        'STALE_LEASE',
      );
      await expectCode(
        store().transact((tx) => tx.assertLease(pidOf(2), 3)),
        'STALE_LEASE',
      );
      await expectCode(
        store().transact((tx) => tx.assertLease(pidOf(9), 3)),
        'STALE_LEASE',
      );
    });

    it("rolls back a stale writer's whole transaction", async () => {
      const p = makeProcess(1, { state: running(4), fence: 4 });
      await store().transact((tx) => tx.insertProcess(p));
      const before = await store().read(snapshot);
      await expectCode(
        store().transact(async (tx) => {
          await tx.insertMessage(makeMessage(1, pidOf(1), { postedAt: 1 }));
          await tx.appendJournal([makeDraft('syscall.completed', pidOf(1))]);
          await tx.assertLease(pidOf(1), 3);
          await tx.updateProcess(nextVersion(p, { goal: 'stale write' }));
        }),
        'STALE_LEASE',
      );
      expect(await store().read(snapshot)).toStrictEqual(before);
    });

    it('does not start a transaction whose signal has already fired', async () => {
      let isCalled = false;
      await expectCode(
        store().transact(
          () => {
            isCalled = true;
            return Promise.resolve();
          },
          { signal: AbortSignal.abort() },
        ),
        'CANCELLED',
      );
      expect(isCalled).toBe(false);
    });

    it('rolls back when the signal fires before the transaction commits', async () => {
      const controller = new AbortController();
      await expectCode(
        store().transact(
          async (tx) => {
            await tx.insertProcess(makeProcess(1));
            controller.abort();
          },
          { signal: controller.signal },
        ),
        'CANCELLED',
      );
      expect(await store().read((r) => r.getProcess(pidOf(1)))).toBeUndefined();
    });

    it('never loses an update when transactions run concurrently', async () => {
      await store().transact((tx) => tx.insertProcess(makeProcess(1)));
      const increment = (): Promise<boolean> =>
        store()
          .transact(async (tx) => {
            const current = (await tx.getProcess(pidOf(1)))!;
            await tx.updateProcess(nextVersion(current, { fence: current.fence + 1 }));
            return true;
          })
          .catch((error: unknown) => {
            expect(error).toMatchObject({ code: 'VERSION_CONFLICT' });
            return false;
          });
      const outcomes = await Promise.all(Array.from({ length: 20 }, increment));
      const committed = outcomes.filter(Boolean).length;
      const final = await store().read((r) => r.getProcess(pidOf(1)));
      expect(committed).toBeGreaterThan(0);
      expect(final?.fence).toBe(committed);
      expect(final?.version).toBe(1 + committed);
    });

    it('refuses a transaction handle used after its transaction ended', async () => {
      const leaked = await store().transact((tx) => Promise.resolve(tx));
      await expect(leaked.insertProcess(makeProcess(1))).rejects.toBeInstanceOf(Error);
      expect(await store().read((r) => r.getProcess(pidOf(1)))).toBeUndefined();
    });

    it('starts an empty store with no journal and no heads', async () => {
      const seen = await store().read(snapshot);
      expect(seen).toStrictEqual({ processes: [], inbox: [], journal: [], heads: [] });
    });
  });
}
