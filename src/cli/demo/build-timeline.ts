// Builds the demo's readable timeline from journal entries: offsets, role names, words.
import type { Json } from '../../base/canonical-json.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { AgentProcess } from '../../kernel/process/types.js';
import { shortPid } from '../format/short-pid.js';
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
 * shortened pid, exit results come from `processes`, and a tool call names the resource its
 * syscall touched (from the syscall entries that come before it).
 */
export function buildTimeline(
  entries: readonly JournalEntry[],
  options: { processes: readonly AgentProcess[] },
): TimelineEvent[] {
  const named = new Map<string, string>();
  const results = new Map<string, Json>();
  const resources = new Map<string, string>();
  for (const p of options.processes) {
    if (p.name !== null) named.set(p.pid, p.name);
    if (p.state.kind === 'exited') results.set(p.pid, p.state.result);
  }
  const names = {
    nameOf: (actor: string) => named.get(actor) ?? shortPid(actor),
    resultOf: (pid: string) => results.get(pid),
    resourceOf: (callId: string) => resources.get(callId),
  };
  const start = entries[0]?.at ?? 0;
  const events: TimelineEvent[] = [];
  for (const entry of entries) {
    const { callId, resource } = entry.data;
    if (typeof callId === 'string' && typeof resource === 'string')
      resources.set(callId.split(':')[0] ?? callId, resource);
    const words = describeEntry(entry, names);
    if (words !== null)
      events.push({ seq: entry.seq, at: entry.at, offsetMs: entry.at - start, ...words });
  }
  return events;
}
