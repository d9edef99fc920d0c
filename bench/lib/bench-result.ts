// The shape every benchmark reports, and how a figure is judged against its target.

/** A target from ARCHITECTURE §11: the figure must compare to `value` as `op` says. */
export interface Target {
  readonly op: '>=' | '<=' | '<';
  readonly value: number;
}

/** One measured figure. */
export interface BenchResult {
  /** The benchmark (file) that produced it, e.g. `journal-throughput`. */
  readonly bench: string;
  /** What was measured, e.g. `sendMessage, sequential (normal)`. */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Absent for figures reported without a target. */
  readonly target?: Target;
  /** Store, durability, sizes: what a reader needs to compare runs. */
  readonly setup: string;
}

/** Options every benchmark takes. */
export interface BenchOptions {
  /** Smaller sizes and shorter windows, for a smoke run. */
  readonly quick: boolean;
  /** Progress lines (to stderr, so the table stays clean on stdout). */
  readonly log: (line: string) => void;
}

/** A benchmark entry point. */
export type Bench = (options: BenchOptions) => Promise<BenchResult[]>;

/** `pass`, `fail`, or `-` for a figure without a target. */
export function verdict(result: BenchResult): 'pass' | 'fail' | '-' {
  const { target, value } = result;
  if (target === undefined) return '-';
  switch (target.op) {
    case '>=':
      return value >= target.value ? 'pass' : 'fail';
    case '<=':
      return value <= target.value ? 'pass' : 'fail';
    case '<':
      return value < target.value ? 'pass' : 'fail';
  }
}
