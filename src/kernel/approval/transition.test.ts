// Table tests for the human request state machine: every state × event × body kind, allowed and rejected.
import { describe, expect, it } from 'vitest';
import { REQUEST_EVENT_TYPES, transitionRequest, type RequestEvent } from './transition.js';
import {
  PERMISSION_DECISIONS,
  type PermissionDecision,
  type RequestBody,
  type RequestState,
} from './types.js';

const AT = 1_700_000_000_000;

const BODIES: Record<RequestBody['kind'], RequestBody> = {
  question: { kind: 'question', question: 'Which branch should I deploy?' },
  permission: {
    kind: 'permission',
    resource: 'fs:notes/plan.md',
    rights: ['write'],
    reason: 'fs.write needs write on fs:notes/plan.md',
    syscall: 'fs.write',
    callHash: 'c'.repeat(64),
    grant: false,
  },
  notification: { kind: 'notification', message: 'The nightly build finished.' },
};

const STATES: Record<RequestState['kind'], RequestState> = {
  pending: { kind: 'pending' },
  answered: {
    kind: 'answered',
    decision: null,
    answer: 'main',
    by: 'operator',
    at: AT - 10,
    capabilityId: null,
  },
  expired: { kind: 'expired', at: AT - 10 },
  cancelled: { kind: 'cancelled', at: AT - 10, reason: 'the process was killed' },
};

/** Every shape of answer: no decision or each of the four, with and without a text. */
const ANSWERS: readonly { decision: PermissionDecision | null; answer: string | null }[] = [
  null,
  ...PERMISSION_DECISIONS,
].flatMap((decision) => [
  { decision, answer: null },
  { decision, answer: 'main' },
]);

function answerEvent(shape: {
  decision: PermissionDecision | null;
  answer: string | null;
}): RequestEvent {
  return { type: 'answer', ...shape, by: 'operator', at: AT };
}

/** Every event of every type, each with a label for the table. */
const EVENTS: readonly { label: string; event: RequestEvent }[] = [
  ...ANSWERS.map((shape) => ({
    label: `answer (decision ${shape.decision ?? 'none'}, ${shape.answer === null ? 'no text' : 'text'})`,
    event: answerEvent(shape),
  })),
  { label: 'expire', event: { type: 'expire', at: AT } },
  { label: 'cancel', event: { type: 'cancel', at: AT, reason: 'the process was killed' } },
];

/** Whether a pending request of `kind` takes this answer (ARCHITECTURE §3 human requests). */
function acceptsAnswer(
  kind: RequestBody['kind'],
  shape: { decision: PermissionDecision | null; answer: string | null },
): boolean {
  switch (kind) {
    case 'permission':
      return shape.decision !== null;
    case 'question':
      return shape.decision === null && shape.answer !== null;
    case 'notification':
      return shape.decision === null;
  }
}

/** The exact next state of a pending request, or null when the event is rejected. */
function expectedFromPending(kind: RequestBody['kind'], event: RequestEvent): RequestState | null {
  switch (event.type) {
    case 'answer':
      return acceptsAnswer(kind, event)
        ? {
            kind: 'answered',
            decision: event.decision,
            answer: event.answer,
            by: event.by,
            at: event.at,
          }
        : null;
    case 'expire':
      return { kind: 'expired', at: event.at };
    case 'cancel':
      return { kind: 'cancelled', at: event.at, reason: event.reason };
  }
}

const TABLE = Object.values(STATES).flatMap((state) =>
  Object.values(BODIES).flatMap((body) =>
    EVENTS.map(({ label, event }) => {
      const next = state.kind === 'pending' ? expectedFromPending(body.kind, event) : null;
      const outcome = next === null ? 'rejects' : `moves to ${next.kind}`;
      return {
        name: `a ${state.kind} ${body.kind} request ${outcome} on ${label}`,
        state,
        body,
        event,
        next,
      };
    }),
  ),
);

describe('transitionRequest', () => {
  it('covers every state, every event type and every body kind in the table', () => {
    expect(new Set(TABLE.map((row) => row.state.kind))).toEqual(
      new Set(['pending', 'answered', 'expired', 'cancelled']),
    );
    expect(new Set(TABLE.map((row) => row.event.type))).toEqual(new Set(REQUEST_EVENT_TYPES));
    expect(new Set(TABLE.map((row) => row.body.kind))).toEqual(
      new Set(['question', 'permission', 'notification']),
    );
    expect(TABLE).toHaveLength(4 * 3 * (ANSWERS.length + 2));
  });

  it.each(TABLE.map((row) => [row.name, row] as const))(
    '%s',
    (_name, { state, body, event, next }) => {
      const before = structuredClone({ state, body, event });
      const result = transitionRequest(state, body, event);
      if (next === null) {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason).not.toBe('');
      } else {
        expect(result).toStrictEqual({ ok: true, state: next });
      }
      // Pure: the inputs are never changed.
      expect({ state, body, event }).toStrictEqual(before);
    },
  );

  it.each(['answered', 'expired', 'cancelled'] as const)(
    'says why a %s request takes no further event',
    (kind) => {
      for (const body of Object.values(BODIES)) {
        for (const { event } of EVENTS) {
          expect(transitionRequest(STATES[kind], body, event)).toStrictEqual({
            ok: false,
            reason: `the request is already ${kind}`,
          });
        }
      }
    },
  );

  it.each([
    ['permission', 'a text but no decision', { decision: null, answer: 'yes' }, /allow_once/],
    ['question', 'a decision', { decision: 'allow_once', answer: 'yes' }, /text answer/],
    ['question', 'neither text nor decision', { decision: null, answer: null }, /answer text/],
    ['notification', 'a decision', { decision: 'deny_once', answer: null }, /no permission/],
  ] as const)('rejects a %s answered with %s and says why', (kind, _what, shape, reason) => {
    const result = transitionRequest(STATES.pending, BODIES[kind], answerEvent(shape));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each(Object.values(BODIES).map((body) => [body.kind, body] as const))(
    'a decided %s request accepts nothing further, whatever decided it',
    (_kind, body) => {
      const firstAnswer = ANSWERS.find((shape) => acceptsAnswer(body.kind, shape));
      if (firstAnswer === undefined) throw new Error(`no accepted answer for ${body.kind}`);
      const deciders: RequestEvent[] = [
        answerEvent(firstAnswer),
        { type: 'expire', at: AT },
        { type: 'cancel', at: AT, reason: 'operator' },
      ];
      for (const decider of deciders) {
        const decided = transitionRequest(STATES.pending, body, decider);
        if (!decided.ok) throw new Error(`${decider.type} should decide a pending ${body.kind}`);
        for (const { event } of EVENTS) {
          const again = transitionRequest(decided.state, body, { ...event, at: AT + 1 });
          expect(again).toStrictEqual({
            ok: false,
            reason: `the request is already ${decided.state.kind}`,
          });
        }
      }
    },
  );

  it.each(PERMISSION_DECISIONS)(
    'records the %s decision, who gave it and when on a permission request',
    (decision) => {
      const result = transitionRequest(STATES.pending, BODIES.permission, {
        type: 'answer',
        decision,
        answer: null,
        by: 'alice',
        at: AT + 5,
      });
      expect(result).toStrictEqual({
        ok: true,
        state: { kind: 'answered', decision, answer: null, by: 'alice', at: AT + 5 },
      });
    },
  );
});
