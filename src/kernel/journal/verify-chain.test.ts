// Tests for journal chain verification: intact chains pass, every kind of tampering is caught at
// the entry where the chain stops fitting.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../base/ids.js';
import { GENESIS_HASH, hashEntry, sealEntry, type JournalEntry } from './entry.js';
import {
  checkEntry,
  checkHeads,
  EMPTY_CURSOR,
  type ChainBreak,
  type ChainCursor,
} from './verify-chain.js';

type Heads = ReadonlyMap<string, { readonly seq: number; readonly hash: string }>;

const PID = 'proc_00000001' as Pid;

/** Seals one entry per stream name, in order; seqs are `step`, `2 × step`, …. */
function buildChain(streams: readonly string[], options: { step?: number } = {}): JournalEntry[] {
  const step = options.step ?? 1;
  const heads = new Map<string, string>();
  return streams.map((stream, i) => {
    const entry = sealEntry(
      {
        type: i % 2 === 0 ? 'process.spawned' : 'syscall.completed',
        pid: i % 3 === 0 ? null : PID,
        actor: i % 2 === 0 ? 'runtime' : PID,
        data: { n: i, ok: true, tags: ['a', String(i)] },
      },
      { seq: (i + 1) * step, at: 1_000 + i, stream, prevHash: heads.get(stream) ?? GENESIS_HASH },
    );
    heads.set(stream, entry.hash);
    return entry;
  });
}

/** The head per stream as the store records it at commit. */
function headsOf(entries: readonly JournalEntry[]): Heads {
  const heads = new Map<string, { seq: number; hash: string }>();
  for (const entry of entries) heads.set(entry.stream, { seq: entry.seq, hash: entry.hash });
  return heads;
}

/** Feeds `entries` in order; returns the first break, or the final cursor. */
function feed(entries: readonly JournalEntry[]): { cursor: ChainCursor; break: ChainBreak | null } {
  let cursor = EMPTY_CURSOR;
  for (const entry of entries) {
    const result = checkEntry(cursor, entry);
    if (!result.ok) return { cursor, break: result.break };
    cursor = result.cursor;
  }
  return { cursor, break: null };
}

/** Full verification: the chain itself, then the recorded heads. */
function verify(entries: readonly JournalEntry[], recorded: Heads): ChainBreak | null {
  const fed = feed(entries);
  return fed.break ?? checkHeads(fed.cursor, recorded);
}

const FIELDS = ['seq', 'at', 'type', 'pid', 'actor', 'data', 'stream', 'prevHash', 'hash'] as const;
type Field = (typeof FIELDS)[number];

/** A copy of `entry` with one field changed; the hash is left as it was. */
function edit(entry: JournalEntry, field: Field, seqDelta: number): JournalEntry {
  const flip = (hex: string): string => (hex.startsWith('0') ? '1' : '0') + hex.slice(1);
  switch (field) {
    case 'seq':
      return { ...entry, seq: entry.seq + seqDelta };
    case 'at':
      return { ...entry, at: entry.at + 1 };
    case 'type':
      return { ...entry, type: `${entry.type}.forged` };
    case 'pid':
      return { ...entry, pid: entry.pid === null ? ('proc_99999999' as Pid) : null };
    case 'actor':
      return { ...entry, actor: entry.actor === 'operator' ? 'runtime' : 'operator' };
    case 'data':
      return { ...entry, data: { ...entry.data, tampered: true } };
    case 'stream':
      return { ...entry, stream: `${entry.stream}-other` };
    case 'prevHash':
      return { ...entry, prevHash: flip(entry.prevHash) };
    case 'hash':
      return { ...entry, hash: flip(entry.hash) };
  }
}

const streamsArb = fc.array(fc.constantFrom('node-a', 'node-b', 'node-c'), {
  minLength: 2,
  maxLength: 12,
});
const singleStreamArb = fc.integer({ min: 2, max: 12 }).map((n) => Array<string>(n).fill('node-a'));

describe('verifying an intact journal', () => {
  it('accepts a chain of sealed entries from one writer', () => {
    const chain = buildChain(['node-a', 'node-a', 'node-a']);
    const fed = feed(chain);
    expect(fed.break).toBeNull();
    expect(fed.cursor.count).toBe(3);
    expect(fed.cursor.lastSeq).toBe(3);
    expect(checkHeads(fed.cursor, headsOf(chain))).toBeNull();
  });

  it('accepts any chain of sealed entries from several interleaved writers', () => {
    fc.assert(
      fc.property(streamsArb, (streams) => {
        const chain = buildChain(streams);
        expect(verify(chain, headsOf(chain))).toBeNull();
      }),
    );
  });

  it('accepts gaps in seq, as long as seq strictly increases', () => {
    const chain = buildChain(['node-a', 'node-b', 'node-a'], { step: 10 });
    expect(verify(chain, headsOf(chain))).toBeNull();
  });

  it('accepts an empty journal with no recorded heads', () => {
    expect(verify([], new Map())).toBeNull();
  });

  it('seals entries so that hashEntry reproduces the stored hash', () => {
    for (const entry of buildChain(['node-a', 'node-b'])) {
      const { hash, ...unsealed } = entry;
      expect(hashEntry(unsealed)).toBe(hash);
    }
  });

  it('leaves the cursor it was given unchanged', () => {
    const [first] = buildChain(['node-a']);
    const result = checkEntry(EMPTY_CURSOR, first!);
    expect(result.ok).toBe(true);
    expect(EMPTY_CURSOR.count).toBe(0);
    expect(EMPTY_CURSOR.lastSeq).toBe(0);
    expect(EMPTY_CURSOR.heads.size).toBe(0);
  });
});

describe('detecting tampering', () => {
  it('reports an edit to any field at the edited entry', () => {
    fc.assert(
      fc.property(
        streamsArb,
        fc.nat(),
        fc.constantFrom(...FIELDS),
        fc.constantFrom(-2, -1, 1, 2),
        (streams, pick, field, seqDelta) => {
          const chain = buildChain(streams);
          const k = pick % chain.length;
          const tampered = chain.map((e, i) => (i === k ? edit(e, field, seqDelta) : e));
          const found = verify(tampered, headsOf(chain));
          expect(found?.seq).toBe(tampered[k]!.seq);
        },
      ),
    );
  });

  it('says an entry was edited when only its content changed', () => {
    const chain = buildChain(['node-a', 'node-a', 'node-a']);
    const tampered = chain.map((e, i) => (i === 1 ? edit(e, 'data', 0) : e));
    expect(feed(tampered).break).toStrictEqual({
      seq: 2,
      problem: 'hash does not match the entry: it was edited, or the entry before it was replaced',
    });
  });

  it('reports a deleted entry at the next entry of the same stream', () => {
    fc.assert(
      fc.property(streamsArb, fc.nat(), (streams, pick) => {
        const chain = buildChain(streams);
        const k = pick % chain.length;
        const deleted = chain[k]!;
        const next = chain.slice(k + 1).find((e) => e.stream === deleted.stream);
        fc.pre(next !== undefined);
        const found = verify(chain.toSpliced(k, 1), headsOf(chain));
        expect(found?.seq).toBe(next.seq);
        expect(found?.problem).toContain('prevHash does not match');
      }),
    );
  });

  it('reports the deletion of the last entry of a stream through the recorded heads', () => {
    fc.assert(
      fc.property(streamsArb, fc.nat(), (streams, pick) => {
        const chain = buildChain(streams);
        const k = pick % chain.length;
        const deleted = chain[k]!;
        fc.pre(!chain.slice(k + 1).some((e) => e.stream === deleted.stream));
        const fed = feed(chain.toSpliced(k, 1));
        expect(fed.break).toBeNull();
        const found = checkHeads(fed.cursor, headsOf(chain));
        expect(found?.problem).toContain(`stream ${deleted.stream} should end at seq`);
      }),
    );
  });

  it('reports a replayed copy of an entry at the copy', () => {
    fc.assert(
      fc.property(singleStreamArb, fc.nat(), fc.nat(), (streams, pickCopy, pickAt) => {
        const chain = buildChain(streams);
        const j = pickCopy % chain.length;
        const k = pickAt % (chain.length + 1);
        const found = verify(chain.toSpliced(k, 0, chain[j]!), headsOf(chain));
        expect(found?.seq).toBe(chain[j]!.seq);
      }),
    );
  });

  it('reports a forged entry sealed into the middle of a stream at the next genuine entry', () => {
    fc.assert(
      fc.property(singleStreamArb, fc.nat(), (streams, pick) => {
        const chain = buildChain(streams, { step: 2 });
        const k = 1 + (pick % (chain.length - 1));
        const before = chain[k - 1]!;
        const forged = sealEntry(
          { type: 'capability.granted', pid: PID, actor: 'operator', data: { forged: true } },
          { seq: before.seq + 1, at: before.at, stream: before.stream, prevHash: before.hash },
        );
        const found = verify(chain.toSpliced(k, 0, forged), headsOf(chain));
        expect(found?.seq).toBe(chain[k]!.seq);
      }),
    );
  });

  it('catches a forged entry sealed onto the end of a stream through the recorded heads', () => {
    const chain = buildChain(['node-a', 'node-b', 'node-a']);
    const last = chain[2]!;
    const forged = sealEntry(
      { type: 'capability.granted', pid: PID, actor: 'operator', data: {} },
      { seq: 4, at: last.at, stream: 'node-a', prevHash: last.hash },
    );
    const fed = feed([...chain, forged]);
    expect(fed.break).toBeNull();
    expect(checkHeads(fed.cursor, headsOf(chain))?.problem).toContain('stream node-a');
  });

  it('reports two swapped entries at the one moved earlier', () => {
    fc.assert(
      fc.property(singleStreamArb, fc.nat(), fc.nat(), (streams, a, b) => {
        const chain = buildChain(streams);
        const i = a % chain.length;
        const j = b % chain.length;
        fc.pre(i < j);
        const swapped = chain.with(i, chain[j]!).with(j, chain[i]!);
        expect(verify(swapped, headsOf(chain))?.seq).toBe(chain[j]!.seq);
      }),
    );
  });

  it('reports swapped entries whose seqs were renumbered into order at the first swapped slot', () => {
    fc.assert(
      fc.property(singleStreamArb, fc.nat(), fc.nat(), (streams, a, b) => {
        const chain = buildChain(streams);
        const i = a % chain.length;
        const j = b % chain.length;
        fc.pre(i < j);
        const swapped = chain
          .with(i, { ...chain[j]!, seq: chain[i]!.seq })
          .with(j, { ...chain[i]!, seq: chain[j]!.seq });
        expect(verify(swapped, headsOf(chain))?.seq).toBe(chain[i]!.seq);
      }),
    );
  });

  it('detects any reordering of a journal of several writers', () => {
    fc.assert(
      fc.property(streamsArb, fc.nat(), fc.nat(), (streams, a, b) => {
        const chain = buildChain(streams);
        const i = a % chain.length;
        const j = b % chain.length;
        fc.pre(i !== j);
        const swapped = chain.with(i, chain[j]!).with(j, chain[i]!);
        expect(verify(swapped, headsOf(chain))).not.toBeNull();
      }),
    );
  });

  it('catches an edit whose author re-sealed every later entry, through the recorded heads', () => {
    const chain = buildChain(['node-a', 'node-a', 'node-a', 'node-a']);
    const resealed: JournalEntry[] = [chain[0]!];
    for (const original of chain.slice(1)) {
      const { seq, at, stream, type, pid, actor } = original;
      const data = seq === 2 ? { forged: true } : original.data;
      const prevHash = resealed.at(-1)!.hash;
      resealed.push(sealEntry({ type, pid, actor, data }, { seq, at, stream, prevHash }));
    }
    const fed = feed(resealed);
    expect(fed.break).toBeNull();
    expect(checkHeads(fed.cursor, headsOf(chain))?.seq).toBe(4);
  });
});

describe('checkHeads', () => {
  it('reports a truncated tail at the first missing entry', () => {
    fc.assert(
      fc.property(singleStreamArb, fc.nat(), (streams, pick) => {
        const chain = buildChain(streams);
        const keep = 1 + (pick % (chain.length - 1));
        const fed = feed(chain.slice(0, keep));
        expect(fed.break).toBeNull();
        const found = checkHeads(fed.cursor, headsOf(chain));
        expect(found?.seq).toBe(chain[keep]!.seq);
        expect(found?.problem).toContain('entries are missing or altered at its end');
      }),
    );
  });

  it('catches a truncated tail of a journal of several writers', () => {
    fc.assert(
      fc.property(streamsArb, fc.nat(), (streams, pick) => {
        const chain = buildChain(streams);
        const keep = pick % chain.length;
        const fed = feed(chain.slice(0, keep));
        expect(fed.break).toBeNull();
        expect(checkHeads(fed.cursor, headsOf(chain))).not.toBeNull();
      }),
    );
  });

  it('catches a journal emptied of every entry', () => {
    const chain = buildChain(['node-a', 'node-b']);
    expect(checkHeads(EMPTY_CURSOR, headsOf(chain))).not.toBeNull();
  });

  it('reports entries from a stream that has no recorded head as inserted', () => {
    const chain = buildChain(['node-a', 'node-b', 'node-a']);
    const recorded = new Map(headsOf(chain));
    recorded.delete('node-b');
    expect(verify(chain, recorded)).toStrictEqual({
      seq: 2,
      problem: 'stream node-b has no recorded head: entries were inserted',
    });
  });
});

describe('interleaved streams', () => {
  it('verify independently of each other', () => {
    fc.assert(
      fc.property(streamsArb, (streams) => {
        const chain = buildChain(streams);
        const recorded = headsOf(chain);
        for (const stream of new Set(streams)) {
          const own = chain.filter((e) => e.stream === stream);
          const fed = feed(own);
          expect(fed.break).toBeNull();
          expect(fed.cursor.heads.get(stream)).toStrictEqual(recorded.get(stream));
        }
      }),
    );
  });

  it('keep one stream verifiable when another stream is tampered with', () => {
    fc.assert(
      fc.property(streamsArb, fc.nat(), (streams, pick) => {
        const chain = buildChain(streams);
        const k = pick % chain.length;
        const victim = chain[k]!.stream;
        const tampered = chain.map((e, i) => (i === k ? edit(e, 'data', 0) : e));
        expect(verify(tampered, headsOf(chain))?.seq).toBe(chain[k]!.seq);
        for (const stream of new Set(streams)) {
          if (stream === victim) continue;
          expect(feed(tampered.filter((e) => e.stream === stream)).break).toBeNull();
        }
      }),
    );
  });

  it('report a deletion at the next entry of the same stream, past other streams', () => {
    const chain = buildChain(['node-a', 'node-a', 'node-b', 'node-b', 'node-a']);
    expect(verify(chain.toSpliced(1, 1), headsOf(chain))?.seq).toBe(5);
  });
});
