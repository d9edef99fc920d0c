// Shortens text for one table cell: a single line, at most a given number of characters.

/** `text` on one line, cut to `max` characters with a trailing ellipsis when longer. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}
