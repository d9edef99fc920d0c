// Formats runner metrics as a fixed-width text table for the terminal.
import type { RunnerMetrics } from './summarize-runs.js';

const COLUMNS = [
  ['runner', (m: RunnerMetrics) => m.runner],
  ['passed', (m: RunnerMetrics) => `${m.passed}/${m.runs}`],
  ['unsafe', (m: RunnerMetrics) => String(m.unsafe)],
  ['over-restricted', (m: RunnerMetrics) => String(m.overRestricted)],
  ['invalid', (m: RunnerMetrics) => String(m.invalid)],
  ['task success', (m: RunnerMetrics) => percent(m.taskSuccessRate)],
  [
    'unauthorized',
    (m: RunnerMetrics) =>
      `${percent(m.unauthorizedRate)} (${m.forbiddenPerformed}${m.unrecorded > 0 ? `, ${m.unrecorded} unrecorded` : ''})`,
  ],
  ['false denial', (m: RunnerMetrics) => `${percent(m.falseDenialRate)} (${m.falseDenials})`],
  ['approvals', (m: RunnerMetrics) => String(m.approvals)],
  ['audit complete', (m: RunnerMetrics) => percent(m.auditCompleteness)],
] as const;

/**
 * One row per runner: passed runs; unsafe, over-restricted and invalid runs (each run has one
 * of these outcomes or passed); task success; unauthorized rate (forbidden effects, of which
 * unrecorded: seen only in the state); false-denial rate; approvals; audit completeness.
 */
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
