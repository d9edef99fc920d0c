// Checks that every process row holds a legal state as the kernel types define it, and that the
// rows agree with each other: lineage, wait targets, mailboxes, the timer column.
import { isId } from '../../src/base/ids.js';
import { STATE_KINDS, TERMINAL_STATES } from '../../src/kernel/process/types.js';
import type { RawMessage, RawProcess, StoreSnapshot } from './read-snapshot.js';

type Fields = Readonly<Record<string, unknown>>;

const PAUSE_REASONS = ['operator', 'approval-denied', 'unknown-effect', 'budget', 'error'];
const KILL_SIGNALS = ['terminate', 'kill'];

/** Every problem found in the process rows of `snapshot`; empty when all are legal. */
export function checkRows(snapshot: StoreSnapshot): string[] {
  const problems: string[] = [];
  const undelivered = undeliveredByReceiver(snapshot.messages);
  for (const row of snapshot.processes.values()) {
    const say = (problem: string): void => {
      problems.push(`${row.pid}: ${problem}`);
    };
    const state = parseObject(row.stateJson);
    if (state === undefined) {
      say(`state_json is not a JSON object: ${row.stateJson}`);
      continue;
    }
    if (state['kind'] !== row.stateKind)
      say(`state_kind ${row.stateKind} disagrees with state_json ${row.stateJson}`);
    for (const problem of stateProblems(state, row)) say(problem);
    for (const problem of relationProblems(state, { row, snapshot, undelivered })) say(problem);
    const wakeAt = expectedWakeAt(state);
    if (row.wakeAt !== wakeAt)
      say(`wake_at is ${row.wakeAt} but the state says ${JSON.stringify(wakeAt)}`);
    if (!isCount(row.fence) || !isCount(row.pendingInterrupts) || !(row.version >= 1))
      say(`bad counters: fence ${row.fence}, interrupts ${row.pendingInterrupts}, v${row.version}`);
  }
  return problems;
}

/** Problems with the fields of one state, checked against its kind. */
function stateProblems(state: Fields, row: RawProcess): string[] {
  const kind = state['kind'];
  if (!STATE_KINDS.includes(kind as never)) return [`unknown state kind ${String(kind)}`];
  const problems: string[] = [];
  const expectKeys = (required: readonly string[], optional: readonly string[] = []): void => {
    const keys = Object.keys(state);
    const missing = required.filter((k) => !(k in state));
    const extra = keys.filter((k) => !required.includes(k) && !optional.includes(k));
    if (missing.length > 0 || extra.length > 0)
      problems.push(`${String(kind)} state has fields [${keys.join(', ')}]`);
  };
  switch (kind as (typeof STATE_KINDS)[number]) {
    case 'runnable':
      expectKeys(['kind']);
      break;
    case 'running':
      expectKeys(['kind', 'leaseId', 'fence', 'leaseExpiresAt']);
      if (!isId('lease', state['leaseId'])) problems.push('running without a lease id');
      if (state['fence'] !== row.fence || !(row.fence >= 1))
        problems.push(
          `running under fence ${String(state['fence'])} but the row's is ${row.fence}`,
        );
      if (typeof state['leaseExpiresAt'] !== 'number') problems.push('lease without an expiry');
      break;
    case 'waiting':
      expectKeys(['kind', 'wait', 'since']);
      problems.push(...waitProblems(state['wait']));
      if (typeof state['since'] !== 'number') problems.push('waiting without since');
      break;
    case 'paused':
      expectKeys(['kind', 'reason', 'resumeTo'], ['detail']);
      if (!PAUSE_REASONS.includes(state['reason'] as string)) problems.push('bad pause reason');
      problems.push(...resumeProblems(state['resumeTo']));
      break;
    case 'exited':
      expectKeys(['kind', 'result']);
      break;
    case 'failed':
      expectKeys(['kind', 'code', 'message']);
      if (typeof state['code'] !== 'string' || typeof state['message'] !== 'string')
        problems.push('failed without code and message');
      break;
    case 'killed':
      expectKeys(['kind', 'signal', 'by']);
      if (!KILL_SIGNALS.includes(state['signal'] as string)) problems.push('bad kill signal');
      if (typeof state['by'] !== 'string') problems.push('killed by nobody');
      break;
  }
  return problems;
}

function waitProblems(wait: unknown): string[] {
  if (!isRecord(wait)) return ['waiting without a wait'];
  const keys = Object.keys(wait).sort().join(',');
  const ok = (() => {
    switch (wait['on']) {
      case 'child':
        return keys === 'on,pids' && isList(wait['pids'], (p) => isId('process', p), 1);
      case 'message':
        return keys === 'filter,on' && isFilter(wait['filter']);
      case 'human':
        return (
          (keys === 'on,requestIds' || keys === 'deadline,on,requestIds') &&
          isList(wait['requestIds'], isString, 1) &&
          (wait['deadline'] === undefined ||
            wait['deadline'] === null ||
            typeof wait['deadline'] === 'number')
        );
      case 'timer':
        return keys === 'on,wakeAt' && typeof wait['wakeAt'] === 'number';
      case 'tool':
        return keys === 'on,taskId' && typeof wait['taskId'] === 'string';
      default:
        return false;
    }
  })();
  return ok ? [] : [`illegal wait ${JSON.stringify(wait)}`];
}

/** The `wake_at` column a state needs: a timer's wake-up, or the deadline of a human wait. */
function expectedWakeAt(state: Fields): unknown {
  const wait = state['kind'] === 'waiting' && isRecord(state['wait']) ? state['wait'] : undefined;
  if (wait?.['on'] === 'timer') return wait['wakeAt'];
  if (wait?.['on'] === 'human') return wait['deadline'] ?? null;
  return null;
}

function resumeProblems(resumeTo: unknown): string[] {
  if (!isRecord(resumeTo)) return ['paused without resumeTo'];
  if (resumeTo['kind'] === 'runnable' && Object.keys(resumeTo).length === 1) return [];
  if (resumeTo['kind'] === 'waiting' && typeof resumeTo['since'] === 'number')
    return waitProblems(resumeTo['wait']);
  return [`illegal resumeTo ${JSON.stringify(resumeTo)}`];
}

/**
 * Problems between rows: a missing parent, a live child of an ended parent, and lost wake-ups
 * (waiting on a child that already ended, or on a message already in the mailbox).
 */
function relationProblems(
  state: Fields,
  context: {
    row: RawProcess;
    snapshot: StoreSnapshot;
    undelivered: ReadonlyMap<string, RawMessage[]>;
  },
): string[] {
  const { row, snapshot } = context;
  const problems: string[] = [];
  const parent = row.parentPid === null ? undefined : snapshot.processes.get(row.parentPid);
  if (row.parentPid !== null && parent === undefined)
    problems.push(`its parent ${row.parentPid} has no row`);
  if (parent !== undefined && isEnded(parent.stateKind) && !isEnded(row.stateKind))
    problems.push(`is ${row.stateKind} although its parent has ${parent.stateKind}`);
  const wait = state['kind'] === 'waiting' && isRecord(state['wait']) ? state['wait'] : undefined;
  if (wait?.['on'] === 'child' && Array.isArray(wait['pids'])) {
    for (const pid of wait['pids'] as string[]) {
      const child = snapshot.processes.get(pid);
      if (child?.parentPid !== row.pid) problems.push(`waits on ${pid}, which is not its child`);
      else if (isEnded(child.stateKind))
        problems.push(`lost wake-up: waits on child ${pid}, which has ${child.stateKind}`);
    }
  }
  if (wait?.['on'] === 'message' && isFilter(wait['filter'])) {
    const from = wait['filter']['from'];
    const ready = (context.undelivered.get(row.pid) ?? []).filter(
      (m) => from === undefined || from.includes(m.from),
    );
    if (ready.length > 0)
      problems.push(`lost wake-up: waits on a message while ${ready.length} matching are unread`);
  }
  return problems;
}

function undeliveredByReceiver(
  messages: ReadonlyMap<string, RawMessage>,
): Map<string, RawMessage[]> {
  const out = new Map<string, RawMessage[]>();
  for (const message of messages.values()) {
    if (message.deliveredAt !== null) continue;
    const list = out.get(message.to) ?? [];
    list.push(message);
    out.set(message.to, list);
  }
  return out;
}

/** True for the terminal state kinds. */
export function isEnded(kind: string): boolean {
  return TERMINAL_STATES.includes(kind as never);
}

function isFilter(value: unknown): value is { from?: string[] } {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  if (keys.some((k) => k !== 'from')) return false;
  return value['from'] === undefined || isList(value['from'], isString, 0);
}

function isList(value: unknown, item: (v: unknown) => boolean, min: number): boolean {
  return Array.isArray(value) && value.length >= min && value.every(item);
}

function isString(value: unknown): boolean {
  return typeof value === 'string';
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseObject(json: string): Fields | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
