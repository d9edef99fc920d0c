// One short word-and-detail label for a process state, e.g. `waiting:timer(2026-…)`.
import type { ProcessState, Wait } from '../../kernel/process/types.js';

/** The label `ps` shows for `state`: kind, then the wait, pause reason or outcome after a colon. */
export function describeState(state: ProcessState): string {
  switch (state.kind) {
    case 'runnable':
    case 'running':
    case 'exited':
      return state.kind;
    case 'waiting':
      return `waiting:${describeWait(state.wait)}`;
    case 'paused':
      return `paused:${state.reason}`;
    case 'failed':
      return `failed:${state.code}`;
    case 'killed':
      return `killed:${state.signal}`;
  }
}

function describeWait(wait: Wait): string {
  switch (wait.on) {
    case 'timer':
      return `timer(${new Date(wait.wakeAt).toISOString()})`;
    case 'child':
      return `child(${list(wait.pids)})`;
    case 'message':
      return wait.filter.from === undefined ? 'message' : `message(from ${list(wait.filter.from)})`;
    case 'human':
      return `human(${list(wait.requestIds)})`;
    case 'tool':
      return `tool(${wait.taskId})`;
  }
}

function list(items: readonly string[]): string {
  const shown = items.slice(0, 3).join(',');
  return items.length > 3 ? `${shown},+${items.length - 3}` : shown;
}
