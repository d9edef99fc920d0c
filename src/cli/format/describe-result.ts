// How a process ended, as one cell: an exit's result as JSON, a failure's message, else `-`.
import type { ProcessState } from '../../kernel/process/types.js';

/** The result column of run summaries and task tables (escape it with `truncate` for a cell). */
export function describeResult(state: ProcessState): string {
  if (state.kind === 'exited') return JSON.stringify(state.result);
  return state.kind === 'failed' ? state.message : '-';
}
