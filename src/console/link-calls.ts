// Links a run's transcript to its journal: tool calls to their syscalls, turns to model calls.
import { jsonText, type JournalEntry, type TranscriptEntry } from './types.js';

/** Syscalls that change workspace files (what the "file changes" list shows). */
const FILE_SYSCALLS = ['fs.write', 'fs.delete', 'fs.move', 'shell.run'];

/** The journal entries of a run, keyed the ways the explain page needs them. */
export interface RunIndex {
  /** Entries with a `callId`, by the tool call id (or the `model:…` id of a model call). */
  readonly byCall: ReadonlyMap<string, readonly JournalEntry[]>;
  /** The transcript seq of the model turn that made each tool call. */
  readonly turnOfCall: ReadonlyMap<string, number>;
  /** The `model:…` call id journaled for each model turn (by transcript seq), when it pairs. */
  readonly modelCallOfTurn: ReadonlyMap<number, string>;
  /** Syscall entries that changed files, in seq order. */
  readonly fileChanges: readonly JournalEntry[];
}

/**
 * The call a `callId` belongs to: `<id>:<part>` (a tool's named part, a lowercase word) and
 * `<id>:jit.<n>` belong to `<id>`. Only that suffix is cut: a provider's own id may hold colons
 * (`functions.write:0`).
 */
export function callKey(callId: string): string {
  if (callId.startsWith('model:')) return callId;
  return callId.replace(/:(?:jit\.\d+|[a-z][a-z-]*)$/, '');
}

/** The capability record ids an entry names (`capabilityId` is one id or a list). */
export function capabilityIds(entry: JournalEntry): string[] {
  const value = entry.data.capabilityId;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Indexes `journal` (the entries of one process) against its `transcript`. A model turn pairs with
 * the answers in order, each checked by the tool names it lists: the `model.call` completions
 * (which carry the call id), or in a journal written before they did, the `model.called` entries,
 * whose call id is that of the completion with the same `requestSha256`.
 */
export function indexRun(
  transcript: readonly TranscriptEntry[],
  journal: readonly JournalEntry[],
): RunIndex {
  const byCall = new Map<string, JournalEntry[]>();
  const answers: JournalEntry[] = [];
  const callOfRequest = new Map<string, string>();
  const fileChanges: JournalEntry[] = [];
  for (const entry of journal) {
    const answered =
      entry.type === 'model.called' ||
      (entry.type === 'syscall.completed' &&
        entry.data.syscall === 'model.call' &&
        Array.isArray(entry.data.toolCalls));
    if (answered) answers.push(entry);
    const callId = entry.data.callId;
    if (typeof callId !== 'string') continue;
    const key = callKey(callId);
    const list = byCall.get(key) ?? [];
    list.push(entry);
    byCall.set(key, list);
    const syscall = entry.data.syscall;
    const request = entry.data.requestSha256;
    if (
      entry.type === 'syscall.completed' &&
      syscall === 'model.call' &&
      typeof request === 'string'
    )
      callOfRequest.set(request, callKey(callId));
    const resource = entry.data.resource;
    if (
      entry.type.startsWith('syscall.') &&
      typeof syscall === 'string' &&
      FILE_SYSCALLS.includes(syscall) &&
      (syscall === 'shell.run' || (typeof resource === 'string' && resource.startsWith('fs:')))
    )
      fileChanges.push(entry);
  }
  const turnOfCall = new Map<string, number>();
  const modelCallOfTurn = new Map<number, string>();
  let next = 0;
  for (const { seq, item } of transcript) {
    if (item.kind !== 'model') continue;
    for (const call of item.toolCalls) turnOfCall.set(call.id, seq);
    const names = item.toolCalls.map((c) => c.name).join(',');
    // Retried or unrecorded calls may sit between: look ahead for the completion that matches.
    for (let i = next; i < answers.length; i++) {
      const listed = answers[i]?.data.toolCalls;
      if (!Array.isArray(listed) || listed.join(',') !== names) continue;
      const answer = answers[i];
      const own = answer?.type === 'syscall.completed' ? answer.data.callId : undefined;
      const call =
        typeof own === 'string'
          ? callKey(own)
          : callOfRequest.get(jsonText(answer?.data.requestSha256));
      if (call !== undefined) modelCallOfTurn.set(seq, call);
      next = i + 1;
      break;
    }
  }
  return { byCall, turnOfCall, modelCallOfTurn, fileChanges };
}
