// Conformance cases for transcripts: every item reads back as written, large tool results included.
import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../../kernel/agent/types.js';
import type { Store } from '../../ports/store.js';
import { pidOf } from './fixtures.js';

/** A tool result shown to the model, as the agent loop persists it. */
function result(id: string, content: string, isError = false): TranscriptItem {
  return { kind: 'result', toolCallId: id, name: 'read_file', content, isError };
}

const LARGE = JSON.stringify({ path: 'README.md', content: 'hello world\n'.repeat(40) });
const UNICODE = JSON.stringify({ content: 'naïve café — 東京 🚀\n'.repeat(30) });

/** Every kind of item, with small, large, repeated and non-ASCII tool results. */
const ITEMS: readonly TranscriptItem[] = [
  { kind: 'input', text: 'Read the readme', from: 'operator' },
  {
    kind: 'model',
    text: null,
    toolCalls: [{ id: 'c1', name: 'read_file', arguments: { path: 'README.md' } }],
    model: 'test',
    usage: { inputTokens: 10, outputTokens: 5 },
  },
  result('c1', LARGE),
  result('c2', '{"ok":true}'),
  result('c3', LARGE),
  result('c4', UNICODE, true),
  result('c5', ''),
  { kind: 'summary', text: 'Read it twice.', objectId: null, replaces: 3, modelTurns: 1 },
];

/** Defines the transcript cases against the store `store()` returns. */
export function describeTranscriptCases(store: () => Store): void {
  describe('transcripts', () => {
    it('reads back every item as it was written, in order, paged by seq', async () => {
      const pid = pidOf(1);
      const seqs = await store().transact(async (tx) => {
        const appended: number[] = [];
        for (const item of ITEMS) appended.push(await tx.appendTranscript(pid, item, { at: 7 }));
        return appended;
      });
      expect(seqs).toEqual(ITEMS.map((_, i) => i + 1));
      const all = await store().read((r) => r.listTranscript(pid, { limit: 100 }));
      expect(all).toStrictEqual(ITEMS.map((item, i) => ({ seq: i + 1, item, createdAt: 7 })));
      const page = await store().read((r) => r.listTranscript(pid, { afterSeq: 2, limit: 2 }));
      expect(page.map((e) => e.item)).toStrictEqual([ITEMS[2], ITEMS[3]]);
    });

    it('shows a transaction the items it appended, large tool results included', async () => {
      const pid = pidOf(2);
      const inside = await store().transact(async (tx) => {
        await tx.appendTranscript(pid, result('c1', LARGE), { at: 1 });
        return tx.listTranscript(pid, { limit: 10 });
      });
      expect(inside.map((e) => e.item)).toStrictEqual([result('c1', LARGE)]);
    });

    it('keeps a result another process shares when one transcript is trimmed', async () => {
      const [a, b] = [pidOf(3), pidOf(4)];
      await store().transact(async (tx) => {
        await tx.appendTranscript(a, result('c1', LARGE), { at: 1 });
        await tx.appendTranscript(b, result('c1', LARGE), { at: 1 });
        await tx.appendTranscript(a, result('c2', UNICODE), { at: 2 });
      });
      await store().transact((tx) => tx.trimTranscript(a, { upToSeq: 1 }));
      const [left, other] = await store().read(async (r) => [
        await r.listTranscript(a, { limit: 10 }),
        await r.listTranscript(b, { limit: 10 }),
      ]);
      expect(left.map((e) => [e.seq, e.item])).toStrictEqual([[2, result('c2', UNICODE)]]);
      expect(other.map((e) => e.item)).toStrictEqual([result('c1', LARGE)]);
    });

    it('leaves nothing behind when the appending transaction fails', async () => {
      const pid = pidOf(5);
      await expect(
        store().transact(async (tx) => {
          await tx.appendTranscript(pid, result('c1', LARGE), { at: 1 });
          throw new Error('the command failed');
        }),
      ).rejects.toThrow('the command failed');
      expect(await store().read((r) => r.listTranscript(pid, { limit: 10 }))).toEqual([]);
      await store().transact((tx) => tx.appendTranscript(pid, result('c1', LARGE), { at: 2 }));
      const again = await store().read((r) => r.listTranscript(pid, { limit: 10 }));
      expect(again).toStrictEqual([{ seq: 1, item: result('c1', LARGE), createdAt: 2 }]);
    });
  });
}
