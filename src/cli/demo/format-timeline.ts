// Renders the demo timeline as aligned text lines.
import { printable } from '../format/printable.js';
import type { TimelineEvent } from './build-timeline.js';

/**
 * The timeline as text lines: `+  12 ms  who  what`. Names and words may quote what processes
 * wrote, so each is escaped onto its one line ({@link printable}).
 */
export function formatTimeline(events: readonly TimelineEvent[]): string {
  const offsets = events.map((e) => `+${e.offsetMs} ms`);
  const shown = events.map((e) => ({ who: printable(e.who), text: printable(e.text) }));
  const offsetWidth = Math.max(0, ...offsets.map((o) => o.length));
  const whoWidth = Math.max(0, ...shown.map((e) => e.who.length));
  return shown
    .map(
      (e, i) =>
        `  ${(offsets[i] ?? '').padStart(offsetWidth)}  ${e.who.padEnd(whoWidth)}  ${e.text}\n`,
    )
    .join('');
}
