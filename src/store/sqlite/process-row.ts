// Maps AgentProcess records to and from rows of the `processes` table.
import { LibosError } from '../../base/errors.js';
import type { Pid } from '../../base/ids.js';
import type { Budget, Usage } from '../../kernel/budget/types.js';
import type {
  AgentProcess,
  BudgetPolicy,
  ProcessState,
  StateKind,
} from '../../kernel/process/types.js';

/** A row of the `processes` table, named as its columns. */
export interface ProcessRow {
  readonly pid: string;
  readonly parent_pid: string | null;
  readonly image_id: string;
  readonly image_version: number;
  readonly goal: string;
  readonly name: string | null;
  readonly cwd: string;
  readonly state_kind: string;
  readonly state_json: string;
  readonly wake_at: number | null;
  readonly budget_json: string;
  readonly usage_json: string;
  readonly on_budget_exceeded: string;
  readonly fence: number;
  readonly pending_interrupts: number;
  readonly created_at: number;
  readonly updated_at: number;
  readonly version: number;
}

/** The row for `process`; `wake_at` is set only while it waits on a timer. */
export function toProcessRow(process: AgentProcess): ProcessRow {
  const { state } = process;
  return {
    pid: process.pid,
    parent_pid: process.parentPid,
    image_id: process.imageId,
    image_version: process.imageVersion,
    goal: process.goal,
    name: process.name,
    cwd: process.cwd,
    state_kind: state.kind,
    state_json: JSON.stringify(state),
    wake_at: wakeAt(state),
    budget_json: JSON.stringify(process.budget),
    usage_json: JSON.stringify(process.usage),
    on_budget_exceeded: process.onBudgetExceeded,
    fence: process.fence,
    pending_interrupts: process.pendingInterrupts,
    created_at: process.createdAt,
    updated_at: process.updatedAt,
    version: process.version,
  };
}

/**
 * The process stored in `row`. The store trusts its own rows (they were written from typed
 * values), so only the cheap consistency check between `state_kind` and `state_json` is made.
 * @throws STORE_CORRUPT when the row cannot be decoded.
 */
export function fromProcessRow(row: ProcessRow): AgentProcess {
  const state = decode(row, row.state_json) as ProcessState;
  if (state.kind !== (row.state_kind as StateKind)) {
    throw corrupt(row.pid, 'its state columns disagree');
  }
  return {
    pid: row.pid as Pid,
    parentPid: row.parent_pid as Pid | null,
    imageId: row.image_id,
    imageVersion: row.image_version,
    goal: row.goal,
    name: row.name,
    cwd: row.cwd,
    state,
    budget: decode(row, row.budget_json) as Budget,
    usage: decode(row, row.usage_json) as Usage,
    onBudgetExceeded: row.on_budget_exceeded as BudgetPolicy,
    fence: row.fence,
    pendingInterrupts: row.pending_interrupts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function decode(row: ProcessRow, json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw corrupt(row.pid, 'a column is not valid JSON', error);
  }
}

function corrupt(pid: string, why: string, cause?: unknown): LibosError {
  return new LibosError('STORE_CORRUPT', `Reading process ${pid} failed: ${why}`, {
    details: { pid },
    cause,
  });
}

/** When the process must be woken by time: a timer, or the deadline of the human requests it waits on. */
function wakeAt(state: ProcessState): number | null {
  if (state.kind !== 'waiting') return null;
  if (state.wait.on === 'timer') return state.wait.wakeAt;
  if (state.wait.on === 'human') return state.wait.deadline;
  return null;
}
