// Renders benchmark results as a fixed-width text table: name, figure, target, verdict.
import { verdict, type BenchResult } from './bench-result.js';

/** The table printed at the end of a run, one row per figure. */
export function formatTable(results: readonly BenchResult[]): string {
  const rows = results.map((r) => [
    r.bench,
    r.name,
    `${formatNumber(r.value)} ${r.unit}`,
    r.target === undefined ? '-' : `${r.target.op} ${formatNumber(r.target.value)} ${r.unit}`,
    verdict(r),
  ]);
  const header = ['bench', 'figure', 'measured', 'target', 'verdict'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function formatNumber(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}
