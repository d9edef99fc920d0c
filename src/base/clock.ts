// The clock port: wall time in milliseconds, injected so tests can move time by hand.

/** A source of wall-clock time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The real clock. */
export function createSystemClock(): Clock {
  return { now: () => Date.now() };
}

/** A clock that only moves when told; for tests. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`. */
  advance(ms: number): void;
  /** Sets the time to `at`. */
  set(at: number): void;
}

/** Creates a manual clock starting at `start`. */
export function createManualClock(start = 1_700_000_000_000): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
    set(at: number) {
      current = at;
    },
  };
}
