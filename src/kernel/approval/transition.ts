// The human request state machine: pending → answered | expired | cancelled, nothing after.
import type { PermissionDecision, RequestBody, RequestState } from './types.js';

/** Everything that can happen to a request. */
export type RequestEvent =
  | {
      readonly type: 'answer';
      readonly decision: PermissionDecision | null;
      readonly answer: string | null;
      readonly by: string;
      readonly at: number;
    }
  | { readonly type: 'expire'; readonly at: number }
  | { readonly type: 'cancel'; readonly at: number; readonly reason: string };

/** Every event type, for table tests. */
export const REQUEST_EVENT_TYPES = [
  'answer',
  'expire',
  'cancel',
] as const satisfies readonly RequestEvent['type'][];

/** The next state, or why the event does not apply. */
export type RequestTransition =
  | { readonly ok: true; readonly state: RequestState }
  | { readonly ok: false; readonly reason: string };

/**
 * Applies `event` to a request in `state` whose body is `body`. A permission needs one of the
 * four decisions; a question needs a text answer; a notification is acknowledged with neither.
 */
export function transitionRequest(
  state: RequestState,
  body: RequestBody,
  event: RequestEvent,
): RequestTransition {
  if (state.kind !== 'pending')
    return { ok: false, reason: `the request is already ${state.kind}` };
  switch (event.type) {
    case 'answer': {
      const problem = answerProblem(body, event);
      if (problem !== null) return { ok: false, reason: problem };
      return {
        ok: true,
        state: {
          kind: 'answered',
          decision: event.decision,
          answer: event.answer,
          by: event.by,
          at: event.at,
        },
      };
    }
    case 'expire':
      return { ok: true, state: { kind: 'expired', at: event.at } };
    case 'cancel':
      return { ok: true, state: { kind: 'cancelled', at: event.at, reason: event.reason } };
  }
}

function answerProblem(
  body: RequestBody,
  event: Extract<RequestEvent, { type: 'answer' }>,
): string | null {
  switch (body.kind) {
    case 'permission':
      return event.decision === null
        ? 'a permission request needs allow_once, allow_always, deny_once or deny_always'
        : null;
    case 'question':
      if (event.decision !== null)
        return 'a question takes a text answer, not a permission decision';
      return event.answer === null ? 'a question needs an answer text' : null;
    case 'notification':
      return event.decision !== null ? 'a notification takes no permission decision' : null;
  }
}
