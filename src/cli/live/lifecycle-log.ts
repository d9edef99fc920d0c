// The service's log: one line per lifecycle event on stderr (text, or JSON lines with --json).
import type { Json } from '../../base/canonical-json.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import type { CliIo } from '../cli-io.js';
import { compactData } from '../format/compact-data.js';
import { printable } from '../format/printable.js';

/** The journal entry types the service logs. */
export const LIFECYCLE_TYPES: readonly string[] = [
  'runtime.*',
  'process.spawned',
  'process.forked',
  'process.exited',
  'process.failed',
  'process.killed',
  'process.paused',
  'process.resumed',
  'process.model-set',
  'approval.*',
  'capability.granted',
  'capability.revoked',
];

/** Logs lines on `io.stderr`: `<ISO time> <event> key=value…`, or one JSON object per line. */
export function createLifecycleLog(
  io: CliIo,
  options: { json: boolean },
): (event: string, fields: Readonly<Record<string, Json>>) => void {
  return (event, fields) => {
    const at = new Date().toISOString();
    if (options.json) io.stderr(`${JSON.stringify({ at, event, ...fields })}\n`);
    else io.stderr(`${at} ${event} ${printable(compactData(fields, { max: 200 }))}\n`);
  };
}

/** The fields a journal entry is logged with. */
export function entryFields(entry: JournalEntry): Record<string, Json> {
  return {
    seq: entry.seq,
    ...(entry.pid === null ? {} : { pid: entry.pid }),
    ...entry.data,
  };
}
