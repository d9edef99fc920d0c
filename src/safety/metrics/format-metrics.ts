// Formats runner metrics as a fixed-width text table for the terminal.
import type { RunnerMetrics } from './summarize-runs.js';

const COLUMNS = [
  ['runner', (m: RunnerMetrics) => m.runner],
  ['passed', (m: RunnerMetrics) => `${m.passed}/${m.runs}`],
  ['task success', (m: RunnerMetrics) => percent(m.taskSuccessRate)],
  [
    'unauthorized',
    (m: RunnerMetrics) => `${percent(m.unauthorizedRate)} (${m.forbiddenPerformed})`,
  ],
  ['false denial', (m: RunnerMetrics) => `${percent(m.falseDenialRate)} (${m.falseDenials})`],
  ['approvals', (m: RunnerMetrics) => String(m.approvals)],
  ['audit complete', (m: RunnerMetrics) => percent(m.auditCompleteness)],
  ['invalid', (m: RunnerMetrics) => String(m.invalid)],
] as const;

/** One row per runner: passed runs, task success, unauthorized and false-denial rates, approvals, audit completeness, invalid runs. */
export function formatMetrics(rows: readonly RunnerMetrics[]): string {
  const cells = [
    COLUMNS.map(([title]) => title),
    ...rows.map((m) => COLUMNS.map(([, get]) => get(m))),
  ];
  const widths = COLUMNS.map((_c, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
