// Builds the demo's readable timeline from journal entries: offsets, role names, words.
import type { Json } from '../../base/canonical-json.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import { describeEntry } from './describe-entry.js';

/** One line of the timeline. */
export interface TimelineEvent {
  readonly seq: number;
  readonly at: number;
  /** Milliseconds since the first entry shown. */
  readonly offsetMs: number;
  /** The process (by name) or actor that did it. */
  readonly who: string;
  readonly text: string;
}

/**
 * The timeline of `entries` (in seq order); processes are named by their `name`, else by a
 * shortened pid, and exit results come from `processes`.
 */
export function buildTimeline(
  entries: readonly JournalEntry[],
  options: { processes: readonly AgentProcess[] },
): TimelineEvent[] {
  const named = new Map<string, string>();
  const results = new Map<string, Json>();
  for (const p of options.processes) {
    if (p.name !== null) named.set(p.pid, p.name);
    if (p.state.kind === 'exited') results.set(p.pid, p.state.result);
  }
  const names = {
    nameOf: (actor: string) => named.get(actor) ?? shorten(actor),
    resultOf: (pid: string) => results.get(pid),
  };
  const start = entries[0]?.at ?? 0;
  const events: TimelineEvent[] = [];
  for (const entry of entries) {
    const words = describeEntry(entry, names);
    if (words !== null)
      events.push({ seq: entry.seq, at: entry.at, offsetMs: entry.at - start, ...words });
  }
  return events;
}

function shorten(actor: string): string {
  const cut = actor.indexOf('_');
  return cut < 0 || actor.length <= cut + 8
    ? actor
    : `${actor.slice(0, cut + 1)}…${actor.slice(-6)}`;
}
