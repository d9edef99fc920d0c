// Renders rows as a plain-text table: left-aligned columns, two spaces apart, no trailing blanks.
import { createRequire } from 'node:module';
import { printable } from './printable.js';

type StringWidth = (text: string) => number;

/** Printable ASCII only: one terminal cell per character. */
const ASCII = /^[\x20-\x7e]*$/;

let unicodeWidth: StringWidth | null = null;

/**
 * The display width of `text`. Printable ASCII is its length; anything else is measured by
 * string-width, loaded on first need (its grapheme segmenter and emoji tables take ~40 ms to
 * load, most of a command's start-up, and most tables are ASCII). `require` of an ES module is
 * synchronous from Node 20.19 on, which `engines` asks for.
 */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  unicodeWidth ??= (createRequire(import.meta.url)('string-width') as { default: StringWidth })
    .default;
  return unicodeWidth(text);
}

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
    Math.max(displayWidth(header), ...rows.map((row) => displayWidth(row[column] ?? ''))),
  );
  const line = (row: readonly string[]): string =>
    row
      .map(
        (cell, column) =>
          cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - displayWidth(cell))),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].map((text) => `${text}\n`).join('');
}
