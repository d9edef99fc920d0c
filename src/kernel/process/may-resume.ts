// Who may lift a pause: the operator any; a process only a pause it made itself.
import type { Actor, ProcessState } from './types.js';

/**
 * Whether `actor` may resume a process in `state`. The operator (and the runtime acting for it)
 * may lift any pause; a process may lift only a pause it made itself with a `pause` signal to its
 * child — never an operator's pause, a budget, approval-denied, unknown-effect or error pause, and
 * never a pause recorded without an owner.
 */
export function mayResume(state: ProcessState, actor: Actor): boolean {
  if (actor === 'operator' || actor === 'runtime') return true;
  return state.kind === 'paused' && state.reason === 'parent' && state.by === actor;
}
