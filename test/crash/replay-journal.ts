// Replays the journal to derive each process's state, lease and mailbox, independently of the
// projection tables, then compares the result with the rows: a state the journal committed but
// the rows lost (or the reverse) shows up as a disagreement, a second live lease as a claim of a
// process that was still running.
import type { JournalEntry } from '../../src/kernel/journal/entry.js';
import { isEnded } from './check-rows.js';
import type { StoreSnapshot } from './read-snapshot.js';

/** What the journal says about one process. */
export interface DerivedProcess {
  readonly parentPid: string | null;
  kind: string;
  /** Fence of the latest `process.scheduled`; 0 before the first. */
  fence: number;
  /** For `waiting` (or paused with a waiting resumeTo): what it waits on. */
  waitOn: string | null;
  resumeTo: 'runnable' | 'waiting' | null;
  lastType: string;
  lastSeq: number;
}

/** What the journal says about one message. */
export interface DerivedMessage {
  readonly to: string;
  readonly from: string;
  delivered: boolean;
}

/** The outcome of a replay. */
export interface Replay {
  readonly processes: ReadonlyMap<string, DerivedProcess>;
  readonly messages: ReadonlyMap<string, DerivedMessage>;
  /** Entries that do not follow from the state before them. */
  readonly problems: readonly string[];
}

const UNDER_LEASE_TYPES = new Set(['process.execed', 'process.cwd-changed']);

/**
 * Only the lifecycle families change a process's state or lease: an unknown type in them is a
 * problem (the replay would go wrong), while other families (capabilities, syscalls, approvals,
 * effects, budgets, the runtime) are audit records the replay does not need.
 */
function isLifecycle(type: string): boolean {
  return type.startsWith('process.') || type.startsWith('lease.') || type.startsWith('message.');
}

/** Replays `journal` (in seq order) from an empty store. */
export function replayJournal(journal: readonly JournalEntry[]): Replay {
  const processes = new Map<string, DerivedProcess>();
  const messages = new Map<string, DerivedMessage>();
  const problems: string[] = [];
  for (const entry of journal) {
    const fail = (why: string): void => {
      problems.push(`seq ${entry.seq} ${entry.type} ${entry.pid ?? '-'}: ${why}`);
    };
    if (entry.type === 'process.spawned' || entry.type === 'process.forked') {
      if (entry.pid === null || processes.has(entry.pid)) {
        fail('created twice or without a pid');
        continue;
      }
      const parentPid = entry.data['parentPid'];
      const parent = typeof parentPid === 'string' ? processes.get(parentPid) : undefined;
      if (parentPid !== null && (parent === undefined || isEnded(parent.kind)))
        fail(`its parent ${JSON.stringify(parentPid)} is unknown or has ended`);
      processes.set(entry.pid, {
        parentPid: typeof parentPid === 'string' ? parentPid : null,
        kind: 'runnable',
        fence: 0,
        waitOn: null,
        resumeTo: null,
        lastType: entry.type,
        lastSeq: entry.seq,
      });
      continue;
    }
    if (entry.type === 'message.sent') {
      sent(entry, { processes, messages, fail });
      continue;
    }
    if (!isLifecycle(entry.type)) continue;
    const process = entry.pid === null ? undefined : processes.get(entry.pid);
    if (process === undefined) {
      fail('no process was created with this pid');
      continue;
    }
    const problem = apply(process, entry, messages);
    if (problem !== null) fail(problem);
    process.lastType = entry.type;
    process.lastSeq = entry.seq;
  }
  return { processes, messages, problems };
}

/** Applies one state-changing entry; returns why it does not follow, or null. */
function apply(
  process: DerivedProcess,
  entry: JournalEntry,
  messages: Map<string, DerivedMessage>,
): string | null {
  const was = process.kind;
  const fence = entry.data['fence'];
  const onlyFrom = (kinds: readonly string[], next: string): string | null => {
    if (!kinds.includes(was)) return `not allowed while ${was}`;
    process.kind = next;
    process.waitOn = null;
    return null;
  };
  switch (entry.type) {
    case 'process.scheduled': {
      // A claim of a process that still runs would be a second live lease.
      if (was !== 'runnable') return `claimed while ${was}: a second live lease`;
      if (fence !== process.fence + 1)
        return `fence ${JSON.stringify(fence)} after ${process.fence}`;
      process.fence = fence;
      process.kind = 'running';
      return deliver(entry.data['interrupts'], { to: entry.pid, messages });
    }
    case 'process.yielded':
    case 'lease.expired':
      if (fence !== process.fence)
        return `ends fence ${JSON.stringify(fence)}, held ${process.fence}`;
      return onlyFrom(['running'], 'runnable');
    case 'process.blocked': {
      const problem = onlyFrom(['running'], 'waiting');
      process.waitOn = typeof entry.data['on'] === 'string' ? entry.data['on'] : null;
      return problem;
    }
    case 'process.woken':
      if (was === 'paused' && process.resumeTo === 'waiting') {
        process.resumeTo = 'runnable';
        process.waitOn = null;
        return null;
      }
      return onlyFrom(['waiting'], 'runnable');
    case 'process.exited':
      return onlyFrom(['running'], 'exited');
    case 'process.failed':
      return onlyFrom(['running'], 'failed');
    case 'process.killed':
      return onlyFrom(['runnable', 'running', 'waiting', 'paused'], 'killed');
    case 'process.paused':
      if (!['runnable', 'running', 'waiting'].includes(was)) return `paused while ${was}`;
      process.resumeTo = was === 'waiting' ? 'waiting' : 'runnable';
      if (was !== 'waiting') process.waitOn = null;
      process.kind = 'paused';
      return null;
    case 'process.resumed':
      if (was !== 'paused' || process.resumeTo === null) return `resumed while ${was}`;
      process.kind = process.resumeTo;
      process.resumeTo = null;
      return null;
    case 'message.received':
      if (was !== 'running') return `received while ${was}`;
      return deliver(entry.data['messages'], { to: entry.pid, messages });
    default:
      if (UNDER_LEASE_TYPES.has(entry.type))
        return was === 'running' ? null : `written while ${was}`;
      return 'an entry type this replay does not know';
  }
}

function sent(
  entry: JournalEntry,
  context: {
    processes: Map<string, DerivedProcess>;
    messages: Map<string, DerivedMessage>;
    fail: (why: string) => void;
  },
): void {
  const id = entry.data['message'];
  const from = entry.data['from'];
  const receiver = entry.pid === null ? undefined : context.processes.get(entry.pid);
  if (typeof id !== 'string' || typeof from !== 'string' || entry.pid === null) {
    context.fail('malformed');
    return;
  }
  if (context.messages.has(id)) context.fail(`message ${id} sent twice`);
  if (receiver === undefined || isEnded(receiver.kind))
    context.fail('the receiver is unknown or has ended');
  context.messages.set(id, { to: entry.pid, from, delivered: false });
}

function deliver(
  ids: unknown,
  context: { to: string | null; messages: Map<string, DerivedMessage> },
): string | null {
  if (!Array.isArray(ids)) return 'no message list';
  for (const id of ids) {
    const message = typeof id === 'string' ? context.messages.get(id) : undefined;
    if (message?.to !== context.to) return `delivered ${String(id)}, never sent to it`;
    if (message.delivered) return `delivered ${String(id)} twice`;
    message.delivered = true;
  }
  return null;
}

/**
 * Compares the replayed journal with the rows of the same snapshot: the same processes, each in
 * the state kind (and lease fence, and wait) its last entries say; the same messages, delivered
 * exactly when the journal says so.
 */
export function compareWithRows(replay: Replay, snapshot: StoreSnapshot): string[] {
  const problems: string[] = [];
  for (const row of snapshot.processes.values()) {
    const derived = replay.processes.get(row.pid);
    if (derived === undefined) {
      problems.push(`${row.pid}: has a row but no process.spawned or process.forked entry`);
      continue;
    }
    const state = JSON.parse(row.stateJson) as { kind: string; wait?: { on: string } };
    const said = `the journal (last: seq ${derived.lastSeq} ${derived.lastType}) says`;
    if (derived.kind !== row.stateKind)
      problems.push(`${row.pid}: row is ${row.stateKind} but ${said} ${derived.kind}`);
    if (row.fence !== derived.fence)
      problems.push(`${row.pid}: row fence ${row.fence} but ${said} fence ${derived.fence}`);
    if (row.stateKind === 'waiting' && state.wait?.on !== derived.waitOn)
      problems.push(`${row.pid}: waits on ${state.wait?.on} but ${said} ${derived.waitOn}`);
    if (row.parentPid !== derived.parentPid)
      problems.push(`${row.pid}: parent ${row.parentPid} but ${said} ${derived.parentPid}`);
  }
  for (const pid of replay.processes.keys())
    if (!snapshot.processes.has(pid)) problems.push(`${pid}: journaled as created but has no row`);
  for (const [id, message] of replay.messages) {
    const row = snapshot.messages.get(id);
    if (row === undefined) problems.push(`message ${id}: journaled as sent but has no row`);
    else if (row.to !== message.to || row.from !== message.from)
      problems.push(`message ${id}: row addressed ${row.from}->${row.to}, journal says otherwise`);
    else if ((row.deliveredAt !== null) !== message.delivered)
      problems.push(`message ${id}: row delivered=${row.deliveredAt !== null}, journal disagrees`);
  }
  for (const id of snapshot.messages.keys())
    if (!replay.messages.has(id)) problems.push(`message ${id}: has a row but no message.sent`);
  return problems;
}
