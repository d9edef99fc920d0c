// One journal entry in words for the demo timeline, e.g. "researcher: was denied read on fs:…".
import type { Json } from '../../base/canonical-json.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';
import { compactData } from '../format/compact-data.js';
import { truncate } from '../format/truncate.js';
import { describeAuthority } from './describe-authority.js';

/** Names to show for pids, the results of ended processes, and what each call touched. */
export interface EntryNames {
  /** A short name for a pid or other actor (`operator`, `runtime`). */
  readonly nameOf: (actor: string) => string;
  /** The exit result of `pid`, when it exited and is known. */
  readonly resultOf: (pid: string) => Json | undefined;
  /** The resource a syscall of tool call `callId` named (from entries before this one). */
  readonly resourceOf: (callId: string) => string | undefined;
}

/** Who did what, in words. */
export interface EntryWords {
  readonly who: string;
  readonly text: string;
}

/** Entry types the timeline leaves out: the tool call, process or decision lines say it. */
const HIDDEN = new Set([
  'model.called',
  'syscall.completed',
  'syscall.failed',
  'effect.intended',
  'effect.settled',
  'namespace.created',
]);

/**
 * `entry` in words, or `null` for bookkeeping the timeline leaves out (quanta scheduled and
 * yielded without an interrupt, model responses, intents, lineage capabilities).
 */
export function describeEntry(entry: JournalEntry, names: EntryNames): EntryWords | null {
  const { data } = entry;
  const subject = entry.pid === null ? names.nameOf(entry.actor) : names.nameOf(entry.pid);
  const byActor = (words: string | null): EntryWords | null =>
    words === null ? null : { who: names.nameOf(entry.actor), text: words };
  const bySubject = (words: string | null): EntryWords | null =>
    words === null ? null : { who: subject, text: words };
  if (HIDDEN.has(entry.type)) return null;
  switch (entry.type) {
    case 'process.spawned':
      return byActor(`spawned ${subject} (${text(data.imageId)})`);
    case 'process.forked':
      return byActor(`forked ${subject}`);
    case 'capability.granted':
    case 'capability.delegated':
    case 'capability.revoked':
    case 'approval.decided':
    case 'process.model-set':
      return byActor(describeAuthority(entry, { subject }));
    case 'syscall.denied':
    case 'approval.requested':
    case 'approval.expired':
      return bySubject(describeAuthority(entry, { subject }));
    case 'tool.completed':
      return bySubject(describeTool(data, names));
    case 'object.created': {
      const isOwn = entry.pid !== null && data.namespace === `proc/${entry.pid}`;
      const where = isOwn ? 'its memory' : `namespace ${text(data.namespace)}`;
      return bySubject(`wrote ${text(data.name)} (${text(data.type)}) into ${where}`);
    }
    case 'message.sent':
      return data.interrupt === true
        ? byActor(`interrupted ${subject}`)
        : byActor(`sent a message to ${subject}`);
    case 'message.received': {
      const count = items(data.messages).length;
      return bySubject(`read ${count} message${count === 1 ? '' : 's'}`);
    }
    case 'process.blocked':
      return bySubject(describeBlock(entry, names));
    case 'process.woken':
      return bySubject(describeWake(data, names));
    case 'process.scheduled':
      return items(data.interrupts).length > 0
        ? bySubject('got the interrupt at the start of its next quantum')
        : null;
    case 'process.yielded':
      return data.reason === 'interrupt' ? bySubject('stopped its quantum (interrupted)') : null;
    case 'context.materialized':
      // Bookkeeping of every model turn; the timeline tells what the agents did, not their inputs.
      return null;
    case 'lease.expired':
      return bySubject('was mid-quantum when the runtime died: lease expired, runnable again');
    case 'effect.unknown':
      return bySubject(`may or may not have done ${text(data.syscall)}: effect unknown`);
    case 'runtime.recovered':
      return bySubject(
        `recovered: ${text(data.leases)} lease(s) expired, ${text(data.unknownEffects)} unknown effect(s)`,
      );
    case 'process.exited': {
      const result = entry.pid === null ? undefined : names.resultOf(entry.pid);
      return bySubject(
        `exited: ${result === undefined ? '…' : truncate(JSON.stringify(result), 80)}`,
      );
    }
    case 'process.failed':
      return bySubject(`failed: ${text(data.code)}`);
    case 'process.killed':
      return bySubject(`killed (${text(data.signal)} by ${names.nameOf(text(data.by))})`);
    case 'process.paused':
      return bySubject(`paused (${text(data.reason)})`);
    case 'process.resumed':
      return bySubject('resumed');
    case 'budget.exceeded':
      return bySubject(`went over its ${text(data.dimension)} budget`);
    default:
      return bySubject(`${entry.type} ${compactData(data, { max: 80 })}`.trimEnd());
  }
}

function describeTool(data: JournalEntry['data'], names: EntryNames): string {
  const resource = names.resourceOf(text(data.toolCallId));
  const on = resource === undefined || resource.startsWith('process:') ? '' : ` ${resource}`;
  return `called ${text(data.tool)}${on}: ${data.isError === true ? 'error' : 'ok'}`;
}

function describeBlock(entry: JournalEntry, names: EntryNames): string {
  const { data } = entry;
  switch (text(data.on)) {
    case 'timer':
      return typeof data.wakeAt === 'number'
        ? `slept ${Math.max(0, data.wakeAt - entry.at)} ms`
        : 'slept';
    case 'child': {
      const pids = items(data.pids).map((pid) => names.nameOf(text(pid)));
      return `started waiting on ${pids.join(', ')}`;
    }
    case 'message':
      return 'started waiting for a message';
    case 'human':
      return 'started waiting on a human';
    default:
      return `started waiting (${text(data.on)})`;
  }
}

function describeWake(data: JournalEntry['data'], names: EntryNames): string {
  switch (text(data.by)) {
    case 'child':
      return `woke (${names.nameOf(text(data.child))} ended)`;
    case 'timer':
    case 'message':
    case 'interrupt':
    case 'decision':
      return `woke (${text(data.by)})`;
    default:
      return 'woke';
  }
}

/** A data value as plain text: strings as they are, anything else as JSON. */
function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

/** A data value as a list; anything but an array is empty. */
function items(value: Json | undefined): readonly Json[] {
  return Array.isArray(value) ? (value as readonly Json[]) : [];
}
