// Renders the demo timeline as aligned text lines.
import type { TimelineEvent } from './build-timeline.js';

/** The timeline as text lines: `+  12 ms  who  what`. */
export function formatTimeline(events: readonly TimelineEvent[]): string {
  const offsets = events.map((e) => `+${e.offsetMs} ms`);
  const offsetWidth = Math.max(0, ...offsets.map((o) => o.length));
  const whoWidth = Math.max(0, ...events.map((e) => e.who.length));
  return events
    .map(
      (e, i) =>
        `  ${(offsets[i] ?? '').padStart(offsetWidth)}  ${e.who.padEnd(whoWidth)}  ${e.text}\n`,
    )
    .join('');
}
