// Summarises a sample of latencies: percentiles by the nearest-rank method, as benchmark rows.
import type { BenchResult } from './bench-result.js';

/** The percentiles a latency figure reports, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** The `p`th percentile of `samples` by nearest rank; throws on an empty sample. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('Taking a percentile failed: no samples');
  const sorted = Float64Array.from(samples).sort();
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0
  );
}

/** p50, p99 and max of `samples` (milliseconds), by nearest rank; throws on an empty sample. */
export function summarizeLatency(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) throw new Error('Summarising latency failed: no samples');
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return { count: sorted.length, p50: rank(50), p99: rank(99), max: rank(100) };
}

/** E.g. `p50 1.20 ms, p99 3.41 ms, max 9.80 ms over 2,000`. */
export function describeLatency(summary: LatencySummary): string {
  return `p50 ${summary.p50.toFixed(2)} ms, p99 ${summary.p99.toFixed(2)} ms, max ${summary.max.toFixed(2)} ms over ${summary.count.toLocaleString('en-US')}`;
}

/** Two rows, p50 and p99, with the same setup line. */
export function latencyResults(
  name: string,
  summary: LatencySummary,
  options: { bench: string; setup: string },
): BenchResult[] {
  return (['p50', 'p99'] as const).map((p) => ({
    bench: options.bench,
    name: `${name}: ${p}`,
    value: summary[p],
    unit: 'ms',
    setup: options.setup,
  }));
}
