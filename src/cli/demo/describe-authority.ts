// Journal entries about authority in words: grants, delegations, denials, requests and decisions.
import type { Json } from '../../base/canonical-json.js';
import type { JournalEntry } from '../../kernel/journal/entry.js';

/** The words for an authority entry: `text` about `subject` (by name), or null to leave it out. */
export function describeAuthority(
  entry: JournalEntry,
  options: { subject: string },
): string | null {
  const { data } = entry;
  const { subject } = options;
  const what = `${list(data.rights)} on ${text(data.resource)}`;
  switch (entry.type) {
    case 'capability.granted':
      // Lineage records (its own mailbox and memory, its parent's) and records made by a
      // decision (told by approval.decided) are bookkeeping here.
      if (entry.actor !== 'operator' || data.request !== undefined || isLineage(data)) return null;
      return `granted ${subject} ${text(data.effect)} ${what}`;
    case 'capability.delegated':
      switch (text(data.effect)) {
        case 'deny':
          return `passed its deny of ${what} on to ${subject}`;
        case 'ask':
          return `passed its ask for ${what} on to ${subject}`;
        default:
          return `delegated ${what} to ${subject}`;
      }
    case 'capability.revoked':
      return `revoked ${text(data.capability)}`;
    case 'syscall.denied':
      return `was denied ${what} (${text(data.code)})`;
    case 'approval.requested':
      return data.kind === 'permission'
        ? `asked a human for ${what} (${text(data.request)})`
        : `asked a human: ${text(data.kind)} (${text(data.request)})`;
    case 'approval.decided':
      return `decided ${text(data.request)} of ${subject}: ${data.decision === null ? 'answered' : text(data.decision)}`;
    case 'approval.expired':
      return `${text(data.request)} expired unanswered`;
    case 'process.model-set':
      return `set the model of ${subject}: ${shortModel(text(data.model))}`;
    default:
      return null;
  }
}

/** Records every spawn creates: the process's own mailbox and memory, its parent's. */
function isLineage(data: JournalEntry['data']): boolean {
  const resource = text(data.resource);
  return resource.startsWith('process:proc_') || resource.startsWith('object:ns/proc/');
}

/** A model spec with a script's directory left out: `scripted:…/demo-model.json`. */
function shortModel(spec: string): string {
  const slash = spec.lastIndexOf('/');
  return spec.startsWith('scripted:') && slash >= 0 ? `scripted:…${spec.slice(slash)}` : spec;
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

function list(value: Json | undefined): string {
  return Array.isArray(value)
    ? (value as readonly Json[]).map((v) => text(v)).join(',')
    : text(value);
}
