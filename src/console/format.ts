// Plain-text renderings of records shared by several pages: times, states, waits, budgets.
import type { AgentProcess, JournalEntry, ProcessState, Wait } from './types.js';

/** A timestamp as local date and time. */
export function formatTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { hour12: false });
}

/** A process's display name: its name, else its pid. */
export function processLabel(p: Pick<AgentProcess, 'pid' | 'name'>): string {
  return p.name ?? p.pid;
}

/** What a wait is for, in words. */
export function describeWait(wait: Wait): string {
  switch (wait.on) {
    case 'human':
      return `human (${wait.requestIds.join(', ')})`;
    case 'child':
      return `child (${wait.pids.join(', ')})`;
    case 'message':
      return wait.filter.from === undefined
        ? 'message'
        : `message from ${wait.filter.from.join(', ')}`;
    case 'timer':
      return `timer (until ${formatTime(wait.wakeAt)})`;
    case 'tool':
      return `tool (${wait.taskId})`;
  }
}

/** A state with its detail: the wait reason, the pause reason, the failure code. */
export function describeState(state: ProcessState): string {
  switch (state.kind) {
    case 'waiting':
      return `waiting on ${describeWait(state.wait)}`;
    case 'paused':
      return `paused (${state.reason}${state.detail === undefined ? '' : `: ${state.detail}`})`;
    case 'failed':
      return `failed (${state.code})`;
    case 'killed':
      return `killed by ${state.by}`;
    case 'runnable':
    case 'running':
    case 'exited':
      return state.kind;
  }
}

/** Usage against the budget for each metered dimension, e.g. `tokens 1200 / 50000`. */
export function budgetRows(p: AgentProcess): { dimension: string; used: string; limit: string }[] {
  const dimensions = ['quanta', 'toolCalls', 'children', 'tokens', 'wallMs'];
  return dimensions.map((dimension) => {
    // Wall time runs from the spawn until now, or until the process ended.
    const ended = ['exited', 'failed', 'killed'].includes(p.state.kind);
    const used =
      dimension === 'wallMs'
        ? Math.max(0, (ended ? p.updatedAt : Date.now()) - p.createdAt)
        : (p.usage[dimension] ?? 0);
    const limit = p.budget[dimension];
    return {
      dimension,
      used: String(used),
      limit: limit === undefined ? 'unlimited' : String(limit),
    };
  });
}

/** How an entry went: a denial and a failure stand out; everything else is ordinary. */
export type Outcome = 'denied' | 'failed' | 'unknown' | 'ok';

/** Classifies an entry by its type and data. */
export function classifyEntry(entry: JournalEntry): Outcome {
  const { type, data } = entry;
  if (type.endsWith('.denied') || type === 'approval.expired') return 'denied';
  if (
    type === 'approval.decided' &&
    typeof data.decision === 'string' &&
    data.decision.startsWith('deny')
  )
    return 'denied';
  if (type.endsWith('.failed') || type === 'budget.exceeded' || type === 'process.killed')
    return 'failed';
  if (type === 'effect.settled' && data.state !== 'committed') return 'unknown';
  return 'ok';
}
