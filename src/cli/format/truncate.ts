// Shortens text for one table cell: a single escaped line, at most a given number of characters.
import { printable } from './printable.js';

/**
 * `text` on one line with anything a process could hide in it shown as escapes (a newline as `⏎`,
 * see {@link printable}), cut to `max` characters with a trailing ellipsis when longer.
 */
export function truncate(text: string, max: number): string {
  const flat = printable(text).trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}
