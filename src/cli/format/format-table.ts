// Renders rows as a plain-text table: left-aligned columns, two spaces apart, no trailing blanks.
import { printable } from './printable.js';

/**
 * The table `headers` over the rows of `cells`, one line each, ending in a newline. Every cell is
 * escaped onto one line ({@link printable}: control and format characters as escapes, a newline as
 * `⏎`), so text from agents cannot drive the terminal or forge a row.
 */
export function formatTable(
  headers: readonly string[],
  cells: readonly (readonly string[])[],
): string {
  const rows = cells.map((row) => row.map((cell) => printable(cell)));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].map((text) => `${text}\n`).join('');
}
