// What the service-api fan-out child reports to its parent, and the journal type it counts.

/** The journal type the benchmark commits; a subscriber is done once it has all of them. */
export const FANOUT_TYPE = 'bench.fanout';

/** What the child prints last: per subscriber, the journal events it received in arrival order. */
export interface SubscriberReport {
  readonly subscribers: readonly {
    readonly seqs: readonly number[];
    /** Arrival times, `performance.timeOrigin + performance.now()` (ms since the epoch). */
    readonly at: readonly number[];
    /** How many events of each journal type. */
    readonly types: Readonly<Record<string, number>>;
  }[];
}
