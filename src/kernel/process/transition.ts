// The process state machine: one pure, exhaustive transition function over (state, event).
import type { Json } from '../../base/canonical-json.js';
import type { LeaseId } from '../../base/ids.js';
import type { Actor, PauseReason, ProcessState, ResumableState, Wait } from './types.js';

/** Everything that can happen to a process. */
export type ProcessEvent =
  | {
      readonly type: 'claim';
      readonly leaseId: LeaseId;
      readonly fence: number;
      readonly leaseExpiresAt: number;
    }
  | { readonly type: 'yield' }
  | { readonly type: 'block'; readonly wait: Wait; readonly at: number }
  | { readonly type: 'wake' }
  | {
      readonly type: 'pause';
      readonly reason: PauseReason;
      readonly detail?: string;
      readonly by?: Actor;
    }
  | { readonly type: 'resume' }
  | { readonly type: 'exit'; readonly result: Json }
  | { readonly type: 'fail'; readonly code: string; readonly message: string }
  | { readonly type: 'kill'; readonly signal: 'terminate' | 'kill'; readonly by: Actor }
  | { readonly type: 'expireLease' };

/** Name of an event. */
export type ProcessEventType = ProcessEvent['type'];

/** Every event type, for table tests. */
export const PROCESS_EVENT_TYPES = [
  'claim',
  'yield',
  'block',
  'wake',
  'pause',
  'resume',
  'exit',
  'fail',
  'kill',
  'expireLease',
] as const satisfies readonly ProcessEventType[];

/** The outcome of a transition: the next state, or why the event is not allowed. */
export type TransitionResult =
  | { readonly ok: true; readonly state: ProcessState }
  | { readonly ok: false; readonly reason: string };

// Frozen: this one object is handed to every caller, so a caller that wrote to it would change
// what every later transition returns (shared mutable state across runtimes).
const RUNNABLE: ResumableState = Object.freeze({ kind: 'runnable' });

/** Applies `event` to `state`; never throws, never mutates. */
export function transition(state: ProcessState, event: ProcessEvent): TransitionResult {
  switch (event.type) {
    case 'claim':
      if (state.kind !== 'runnable') return reject(state, event);
      return ok({
        kind: 'running',
        leaseId: event.leaseId,
        fence: event.fence,
        leaseExpiresAt: event.leaseExpiresAt,
      });
    case 'yield':
    case 'expireLease':
      return state.kind === 'running' ? ok(RUNNABLE) : reject(state, event);
    case 'block':
      return state.kind === 'running'
        ? ok({ kind: 'waiting', wait: event.wait, since: event.at })
        : reject(state, event);
    case 'wake':
      return wake(state, event);
    case 'pause':
      return pause(state, event);
    case 'resume':
      return state.kind === 'paused' ? ok(state.resumeTo) : reject(state, event);
    case 'exit':
      return state.kind === 'running'
        ? ok({ kind: 'exited', result: event.result })
        : reject(state, event);
    case 'fail':
      return state.kind === 'running'
        ? ok({ kind: 'failed', code: event.code, message: event.message })
        : reject(state, event);
    case 'kill':
      return isEnded(state)
        ? reject(state, event)
        : ok({ kind: 'killed', signal: event.signal, by: event.by });
  }
}

function wake(state: ProcessState, event: ProcessEvent): TransitionResult {
  if (state.kind === 'waiting') return ok(RUNNABLE);
  // A wake-up that arrives while paused is remembered: the process resumes runnable.
  if (state.kind === 'paused' && state.resumeTo.kind === 'waiting')
    return ok({ ...state, resumeTo: RUNNABLE });
  return reject(state, event);
}

function pause(
  state: ProcessState,
  event: Extract<ProcessEvent, { type: 'pause' }>,
): TransitionResult {
  let resumeTo: ResumableState;
  switch (state.kind) {
    case 'runnable':
    case 'running':
      resumeTo = RUNNABLE;
      break;
    case 'waiting':
      resumeTo = state;
      break;
    case 'paused':
    case 'exited':
    case 'failed':
    case 'killed':
      return reject(state, event);
  }
  return ok({
    kind: 'paused',
    reason: event.reason,
    ...(event.detail === undefined ? {} : { detail: event.detail }),
    ...(event.by === undefined ? {} : { by: event.by }),
    resumeTo,
  });
}

function isEnded(state: ProcessState): boolean {
  return state.kind === 'exited' || state.kind === 'failed' || state.kind === 'killed';
}

function ok(state: ProcessState): TransitionResult {
  return { ok: true, state };
}

function reject(state: ProcessState, event: ProcessEvent): TransitionResult {
  const where = state.kind === 'paused' || state.kind === 'waiting' ? describe(state) : state.kind;
  return { ok: false, reason: `cannot ${event.type} a process that is ${where}` };
}

function describe(state: Extract<ProcessState, { kind: 'paused' | 'waiting' }>): string {
  return state.kind === 'paused' ? `paused (${state.reason})` : `waiting on ${state.wait.on}`;
}
