// Conformance cases for the journal: seq order, the hash chain, recorded heads, listing filters.
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEntry, type JournalEntry } from '../../kernel/journal/entry.js';
import { ChainVerifier } from '../../kernel/journal/verify-chain.js';
import type { JournalQuery, Store } from '../../ports/store.js';
import { makeDraft, pidOf } from './fixtures.js';

const TYPES = ['process.spawned', 'syscall.completed', 'message.posted'] as const;

/** Appends 30 entries over 6 transactions, cycling through three pids (one null) and three types. */
async function appendSample(store: Store): Promise<JournalEntry[]> {
  const appended: JournalEntry[] = [];
  for (let t = 0; t < 6; t += 1) {
    const drafts = Array.from({ length: 5 }, (_, i) => {
      const n = t * 5 + i;
      return makeDraft(TYPES[n % 3]!, n % 4 === 3 ? null : pidOf(1 + (n % 2)), {
        n,
        ok: n % 2 === 0,
      });
    });
    appended.push(...(await store.transact((tx) => tx.appendJournal(drafts))));
  }
  return appended;
}

function list(store: Store, query: JournalQuery): Promise<JournalEntry[]> {
  return store.read((r) => r.listJournal(query));
}

/** Defines the journal cases against the store `store()` returns. */
export function describeJournalCases(store: () => Store): void {
  describe('journal', () => {
    it('seals entries with strictly increasing seq, each chained to the one before', async () => {
      const appended = await appendSample(store());
      let prevHash = GENESIS_HASH;
      let lastSeq = 0;
      for (const entry of appended) {
        expect(entry.seq).toBeGreaterThan(lastSeq);
        expect(entry.prevHash).toBe(prevHash);
        const { hash, ...unsealed } = entry;
        expect(hashEntry(unsealed)).toBe(hash);
        prevHash = entry.hash;
        lastSeq = entry.seq;
      }
      expect(new Set(appended.map((e) => e.stream)).size).toBe(1);
    });

    it('stores exactly the entries it returned', async () => {
      const appended = await appendSample(store());
      expect(await list(store(), { limit: 1_000 })).toStrictEqual(appended);
      const verifier = new ChainVerifier();
      for (const entry of appended) expect(verifier.check(entry)).toBeNull();
    });

    it('records one head per stream, moved by every append', async () => {
      const appended = await appendSample(store());
      const last = appended.at(-1)!;
      expect(await store().read((r) => r.journalHeads())).toStrictEqual([
        { stream: last.stream, seq: last.seq, hash: last.hash },
      ]);
    });

    it('appends nothing and keeps the head for an empty batch', async () => {
      const appended = await appendSample(store());
      const heads = await store().read((r) => r.journalHeads());
      expect(await store().transact((tx) => tx.appendJournal([]))).toStrictEqual([]);
      expect(await store().read((r) => r.journalHeads())).toStrictEqual(heads);
      expect(await list(store(), { limit: 1_000 })).toHaveLength(appended.length);
    });

    it('lists entries after a seq, up to a limit, in seq order', async () => {
      const appended = await appendSample(store());
      const after = appended[9]!.seq;
      expect(await list(store(), { afterSeq: after, limit: 5 })).toStrictEqual(
        appended.slice(10, 15),
      );
      expect(await list(store(), { afterSeq: appended.at(-1)!.seq, limit: 5 })).toStrictEqual([]);
      expect(await list(store(), { limit: 0 })).toStrictEqual([]);
    });

    it('filters entries by pid, by type and by both', async () => {
      const appended = await appendSample(store());
      const pid = pidOf(2);
      expect(await list(store(), { pid, limit: 1_000 })).toStrictEqual(
        appended.filter((e) => e.pid === pid),
      );
      expect(await list(store(), { type: 'message.posted', limit: 1_000 })).toStrictEqual(
        appended.filter((e) => e.type === 'message.posted'),
      );
      const both = appended.filter((e) => e.pid === pid && e.type === 'syscall.completed');
      expect(both.length).toBeGreaterThan(1);
      expect(await list(store(), { pid, type: 'syscall.completed', limit: 1_000 })).toStrictEqual(
        both,
      );
      expect(
        await list(store(), { pid, type: 'syscall.completed', afterSeq: both[0]!.seq, limit: 1 }),
      ).toStrictEqual([both[1]]);
    });

    it('tells journal listeners the head after each commit that appended, never after a rollback', async () => {
      const heard: number[] = [];
      const stop = store().onJournal((seq) => {
        heard.push(seq);
      });
      try {
        const [first] = await store().transact((tx) =>
          tx.appendJournal([makeDraft('a.b', null, {})]),
        );
        // What a listener hears is already readable.
        expect(heard).toStrictEqual([first!.seq]);
        await expect(
          store().transact(async (tx) => {
            await tx.appendJournal([makeDraft('a.b', null, {})]);
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        await store().transact(() => Promise.resolve());
        expect(heard).toStrictEqual([first!.seq]);
        const second = await store().transact((tx) =>
          tx.appendJournal([makeDraft('a.b', null, {}), makeDraft('a.c', null, {})]),
        );
        expect(heard).toStrictEqual([first!.seq, second[1]!.seq]);
        expect(
          (await list(store(), { afterSeq: first!.seq, limit: 10 })).map((e) => e.seq),
        ).toStrictEqual(second.map((e) => e.seq));
      } finally {
        stop();
      }
      await store().transact((tx) => tx.appendJournal([makeDraft('a.b', null, {})]));
      expect(heard).toHaveLength(2);
    });
  });
}
