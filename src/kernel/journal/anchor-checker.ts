// Pure, incremental check of a journal against its anchors: anchors and entries fed in seq order.
import type { Anchor } from './anchor.js';
import type { JournalEntry } from './entry.js';

/** A break found against the anchors: the seq where it shows, and why. */
export interface AnchorBreak {
  readonly seq: number;
  readonly problem: string;
}

/**
 * Compares entries (fed in seq order, after the chain verifier accepted them) with anchors (fed
 * in log order before the entries they anchor). An anchored entry must exist with the anchored
 * hash in the anchored stream; a log going back in seq shows a rewind; anchors beyond the last
 * entry show a truncated tail. Seq 0 anchors (a stream's start) anchor nothing.
 */
export class AnchorChecker {
  readonly #queue: Anchor[] = [];
  #lastAnchorSeq = 0;
  #count = 0;
  #start: Anchor | undefined;
  #rewind: AnchorBreak | null = null;

  /** Anchors checked against an entry so far. */
  get checked(): number {
    return this.#count;
  }

  /** The log's start line, if it had one. */
  get start(): Anchor | undefined {
    return this.#start;
  }

  /** The highest seq anchored so far. */
  get newest(): number {
    return this.#lastAnchorSeq;
  }

  /** Queues the next anchor of the log. */
  add(anchor: Anchor, line: number): void {
    if (anchor.start === true && this.#start === undefined && line === 1) this.#start = anchor;
    if (anchor.seq < this.#lastAnchorSeq && this.#rewind === null) {
      this.#rewind = {
        seq: anchor.seq,
        problem: `the journal was rewound: anchor log line ${line} goes back from seq ${this.#lastAnchorSeq} to seq ${anchor.seq}`,
      };
    }
    this.#lastAnchorSeq = Math.max(this.#lastAnchorSeq, anchor.seq);
    if (anchor.seq > 0) this.#queue.push(anchor);
  }

  /** Checks `entry` against the anchors queued for its seq and any it passed by. */
  check(entry: JournalEntry): AnchorBreak | null {
    if (this.#rewind !== null) return this.#rewind;
    for (;;) {
      const next = this.#queue[0];
      if (next === undefined || next.seq > entry.seq) return null;
      this.#queue.shift();
      this.#count += 1;
      if (next.seq < entry.seq)
        return {
          seq: next.seq,
          problem: `entry ${next.seq} is missing but was anchored (hash ${next.hash.slice(0, 12)}…): it was deleted`,
        };
      if (next.stream !== entry.stream || next.hash !== entry.hash)
        return {
          seq: entry.seq,
          problem: `entry ${entry.seq} differs from its anchor (${next.stream}, ${next.hash.slice(0, 12)}…): it was rewritten`,
        };
    }
  }

  /** After the last entry (`lastSeq`): anchors left over show a truncated tail. */
  finish(lastSeq: number): AnchorBreak | null {
    if (this.#rewind !== null) return this.#rewind;
    const left = this.#queue.find((a) => a.seq > lastSeq);
    if (left === undefined) return null;
    return {
      seq: left.seq,
      problem: `the journal ends at seq ${lastSeq} but seq ${left.seq} was anchored: its tail was truncated`,
    };
  }
}
