// Renders rows as a plain-text table: left-aligned columns, two spaces apart, no trailing blanks.
import stringWidth from 'string-width';
import { printable } from './printable.js';

/**
 * The table `headers` over the rows of `cells`, one line each, ending in a newline. Every cell is
 * escaped onto one line ({@link printable}: control and format characters as escapes, a newline as
 * `⏎`), so text from agents cannot drive the terminal or forge a row. Columns are sized by display
 * width (a CJK character or an emoji takes two terminal cells), so wide text still lines up.
 */
export function formatTable(
  headers: readonly string[],
  cells: readonly (readonly string[])[],
): string {
  const rows = cells.map((row) => row.map((cell) => printable(cell)));
  const widths = headers.map((header, column) =>
    Math.max(stringWidth(header), ...rows.map((row) => stringWidth(row[column] ?? ''))),
  );
  const line = (row: readonly string[]): string =>
    row
      .map(
        (cell, column) => cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - stringWidth(cell))),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].map((text) => `${text}\n`).join('');
}
