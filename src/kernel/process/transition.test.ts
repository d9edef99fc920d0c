// Table and property tests for the process state machine: every state × event pair, plus the
// paused-while-waiting bookkeeping and purity.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../base/canonical-json.js';
import type { LeaseId, Pid } from '../../base/ids.js';
import {
  PROCESS_EVENT_TYPES,
  transition,
  type ProcessEvent,
  type ProcessEventType,
} from './transition.js';
import {
  STATE_KINDS,
  TERMINAL_STATES,
  type PauseReason,
  type ProcessState,
  type StateKind,
  type Wait,
} from './types.js';

const PID = 'proc_00000001' as Pid;
const OLD_LEASE = 'lse_00000001' as LeaseId;
const NEW_LEASE = 'lse_00000002' as LeaseId;

const TIMER_WAIT: Wait = { on: 'timer', wakeAt: 5_000 };
const WAITING: ProcessState = { kind: 'waiting', wait: TIMER_WAIT, since: 100 };

/** One representative state per kind; `paused` remembers a wait so that `wake` matters. */
const STATES: Record<StateKind, ProcessState> = {
  runnable: { kind: 'runnable' },
  running: { kind: 'running', leaseId: OLD_LEASE, fence: 7, leaseExpiresAt: 1_000 },
  waiting: WAITING,
  paused: {
    kind: 'paused',
    reason: 'operator',
    detail: 'held for review',
    resumeTo: { kind: 'waiting', wait: TIMER_WAIT, since: 100 },
  },
  exited: { kind: 'exited', result: { answer: 42 } },
  failed: { kind: 'failed', code: 'INTERNAL', message: 'model call failed' },
  killed: { kind: 'killed', signal: 'terminate', by: 'operator' },
};

/** One representative event per type. */
const EVENTS: Record<ProcessEventType, ProcessEvent> = {
  claim: { type: 'claim', leaseId: NEW_LEASE, fence: 8, leaseExpiresAt: 2_000 },
  yield: { type: 'yield' },
  block: { type: 'block', wait: { on: 'message', filter: {} }, at: 300 },
  wake: { type: 'wake' },
  pause: { type: 'pause', reason: 'budget', detail: 'quanta' },
  resume: { type: 'resume' },
  exit: { type: 'exit', result: 'done' },
  fail: { type: 'fail', code: 'STORE_BUSY', message: 'database is busy' },
  kill: { type: 'kill', signal: 'kill', by: PID },
  expireLease: { type: 'expireLease' },
};

/** `'reject'`, or the exact state the pair must produce. */
type Expected = 'reject' | ProcessState;

const RUNNABLE: ProcessState = { kind: 'runnable' };
const KILLED: ProcessState = { kind: 'killed', signal: 'kill', by: PID };
const PAUSED_FOR_BUDGET = {
  kind: 'paused',
  reason: 'budget',
  detail: 'quanta',
  resumeTo: { kind: 'runnable' },
} as const satisfies ProcessState;

/**
 * The expectation for every `state:event` pair. Written out in full on purpose: a pair missing
 * here fails the table test below instead of silently going untested.
 */
const TABLE: Readonly<Record<string, Expected>> = {
  'runnable:claim': { kind: 'running', leaseId: NEW_LEASE, fence: 8, leaseExpiresAt: 2_000 },
  'runnable:yield': 'reject',
  'runnable:block': 'reject',
  'runnable:wake': 'reject',
  'runnable:pause': PAUSED_FOR_BUDGET,
  'runnable:resume': 'reject',
  'runnable:exit': 'reject',
  'runnable:fail': 'reject',
  'runnable:kill': KILLED,
  'runnable:expireLease': 'reject',

  'running:claim': 'reject',
  'running:yield': RUNNABLE,
  'running:block': { kind: 'waiting', wait: { on: 'message', filter: {} }, since: 300 },
  'running:wake': 'reject',
  'running:pause': PAUSED_FOR_BUDGET,
  'running:resume': 'reject',
  'running:exit': { kind: 'exited', result: 'done' },
  'running:fail': { kind: 'failed', code: 'STORE_BUSY', message: 'database is busy' },
  'running:kill': KILLED,
  'running:expireLease': RUNNABLE,

  'waiting:claim': 'reject',
  'waiting:yield': 'reject',
  'waiting:block': 'reject',
  'waiting:wake': RUNNABLE,
  'waiting:pause': { kind: 'paused', reason: 'budget', detail: 'quanta', resumeTo: WAITING },
  'waiting:resume': 'reject',
  'waiting:exit': 'reject',
  'waiting:fail': 'reject',
  'waiting:kill': KILLED,
  'waiting:expireLease': 'reject',

  'paused:claim': 'reject',
  'paused:yield': 'reject',
  'paused:block': 'reject',
  'paused:wake': {
    kind: 'paused',
    reason: 'operator',
    detail: 'held for review',
    resumeTo: { kind: 'runnable' },
  },
  'paused:pause': 'reject',
  'paused:resume': WAITING,
  'paused:exit': 'reject',
  'paused:fail': 'reject',
  'paused:kill': KILLED,
  'paused:expireLease': 'reject',

  'exited:claim': 'reject',
  'exited:yield': 'reject',
  'exited:block': 'reject',
  'exited:wake': 'reject',
  'exited:pause': 'reject',
  'exited:resume': 'reject',
  'exited:exit': 'reject',
  'exited:fail': 'reject',
  'exited:kill': 'reject',
  'exited:expireLease': 'reject',

  'failed:claim': 'reject',
  'failed:yield': 'reject',
  'failed:block': 'reject',
  'failed:wake': 'reject',
  'failed:pause': 'reject',
  'failed:resume': 'reject',
  'failed:exit': 'reject',
  'failed:fail': 'reject',
  'failed:kill': 'reject',
  'failed:expireLease': 'reject',

  'killed:claim': 'reject',
  'killed:yield': 'reject',
  'killed:block': 'reject',
  'killed:wake': 'reject',
  'killed:pause': 'reject',
  'killed:resume': 'reject',
  'killed:exit': 'reject',
  'killed:fail': 'reject',
  'killed:kill': 'reject',
  'killed:expireLease': 'reject',
};

const PAIRS = STATE_KINDS.flatMap((kind) =>
  PROCESS_EVENT_TYPES.map((type) => ({ kind, type, key: `${kind}:${type}` })),
);

/** Freezes `value` and everything reachable from it, so any write inside `transition` throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

describe('transition table', () => {
  it('lists every state × event pair and nothing else', () => {
    const missing = PAIRS.map((p) => p.key).filter((key) => !(key in TABLE));
    const known = new Set(PAIRS.map((p) => p.key));
    const extra = Object.keys(TABLE).filter((key) => !known.has(key));
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
    expect(PAIRS).toHaveLength(STATE_KINDS.length * PROCESS_EVENT_TYPES.length);
  });

  it.each(PAIRS)('$key gives exactly the tabled outcome', ({ kind, type, key }) => {
    const expected = TABLE[key];
    if (expected === undefined) throw new Error(`No expectation for ${key}`);
    const result = transition(deepFreeze(STATES[kind]), deepFreeze(EVENTS[type]));
    if (expected === 'reject') {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason).toContain(`cannot ${type}`);
      expect(result.reason).toContain(kind);
    } else {
      expect(result).toStrictEqual({ ok: true, state: expected });
    }
  });
});

describe('transition', () => {
  it('names the wait kind when rejecting an event for a waiting process', () => {
    const result = transition(WAITING, EVENTS.claim);
    expect(result).toStrictEqual({
      ok: false,
      reason: 'cannot claim a process that is waiting on timer',
    });
  });

  it('names the pause reason when rejecting an event for a paused process', () => {
    const result = transition(STATES.paused, EVENTS.exit);
    expect(result).toStrictEqual({
      ok: false,
      reason: 'cannot exit a process that is paused (operator)',
    });
  });

  it('remembers the wait when a waiting process is paused and returns to it on resume', () => {
    const wait: Wait = { on: 'human', requestIds: ['apr_00000001'], deadline: null };
    const waiting: ProcessState = { kind: 'waiting', wait, since: 42 };
    const paused = transition(waiting, { type: 'pause', reason: 'operator' });
    expect(paused).toStrictEqual({
      ok: true,
      state: { kind: 'paused', reason: 'operator', resumeTo: { kind: 'waiting', wait, since: 42 } },
    });
    if (!paused.ok) return;
    expect(transition(paused.state, { type: 'resume' })).toStrictEqual({
      ok: true,
      state: { kind: 'waiting', wait, since: 42 },
    });
  });

  it('resumes to runnable when the wait was satisfied while paused', () => {
    const paused = transition(WAITING, { type: 'pause', reason: 'operator', detail: 'look' });
    if (!paused.ok) throw new Error(paused.reason);
    const woken = transition(paused.state, { type: 'wake' });
    expect(woken).toStrictEqual({
      ok: true,
      state: { kind: 'paused', reason: 'operator', detail: 'look', resumeTo: { kind: 'runnable' } },
    });
    if (!woken.ok) return;
    expect(transition(woken.state, { type: 'resume' })).toStrictEqual({
      ok: true,
      state: { kind: 'runnable' },
    });
  });

  it('rejects a wake for a paused process that was not waiting', () => {
    const paused: ProcessState = {
      kind: 'paused',
      reason: 'error',
      resumeTo: { kind: 'runnable' },
    };
    const result = transition(paused, { type: 'wake' });
    expect(result).toStrictEqual({
      ok: false,
      reason: 'cannot wake a process that is paused (error)',
    });
  });

  it('rejects a second wake after the first already made the paused process resumable', () => {
    const woken = transition(STATES.paused, { type: 'wake' });
    if (!woken.ok) throw new Error(woken.reason);
    expect(transition(woken.state, { type: 'wake' }).ok).toBe(false);
  });

  it('omits detail from a paused state when the pause event has none', () => {
    const result = transition(STATES.runnable, { type: 'pause', reason: 'unknown-effect' });
    expect(result).toStrictEqual({
      ok: true,
      state: { kind: 'paused', reason: 'unknown-effect', resumeTo: { kind: 'runnable' } },
    });
  });

  it.each<PauseReason>(['operator', 'approval-denied', 'unknown-effect', 'budget', 'error'])(
    'keeps the pause reason %s',
    (reason) => {
      const result = transition(STATES.running, { type: 'pause', reason });
      expect(result.ok && result.state.kind === 'paused' && result.state.reason).toBe(reason);
    },
  );

  it('returns runnable states that a careless caller cannot corrupt for later transitions', () => {
    const first = transition(STATES.running, { type: 'yield' });
    if (!first.ok) throw new Error(first.reason);
    try {
      (first.state as { kind: string }).kind = 'corrupted';
    } catch {
      // Writing to a frozen object throws in strict mode; that is the protection under test.
    }
    expect(transition(STATES.running, { type: 'yield' })).toStrictEqual({
      ok: true,
      state: { kind: 'runnable' },
    });
  });
});

// fast-check's JsonValue type allows undefined members; the generated values are JSON all the same.
const jsonArb = fc.jsonValue().map((value) => value as Json);
const pidArb = fc
  .integer({ min: 1, max: 99 })
  .map((n) => `proc_${String(n).padStart(8, '0')}` as Pid);
const actorArb = fc.oneof(pidArb, fc.constantFrom('operator' as const, 'runtime' as const));
const waitArb: fc.Arbitrary<Wait> = fc.oneof(
  fc.record({ on: fc.constant('child' as const), pids: fc.array(pidArb, { maxLength: 3 }) }),
  fc.record({
    on: fc.constant('message' as const),
    filter: fc.record({ from: fc.array(actorArb, { maxLength: 2 }) }, { requiredKeys: [] }),
  }),
  fc.record({
    on: fc.constant('human' as const),
    requestIds: fc.array(fc.string(), { maxLength: 2 }),
    deadline: fc.option(fc.nat(), { nil: null }),
  }),
  fc.record({ on: fc.constant('timer' as const), wakeAt: fc.nat() }),
  fc.record({ on: fc.constant('tool' as const), taskId: fc.string() }),
);
const reasonArb = fc.constantFrom<PauseReason>(
  'operator',
  'approval-denied',
  'unknown-effect',
  'budget',
  'error',
);
const leaseArb = fc.nat({ max: 999 }).map((n) => `lse_${String(n).padStart(8, '0')}` as LeaseId);
const waitingArb = fc.record({
  kind: fc.constant('waiting' as const),
  wait: waitArb,
  since: fc.nat(),
});
const stateArb: fc.Arbitrary<ProcessState> = fc.oneof(
  fc.constant({ kind: 'runnable' as const }),
  fc.record({
    kind: fc.constant('running' as const),
    leaseId: leaseArb,
    fence: fc.nat(),
    leaseExpiresAt: fc.nat(),
  }),
  waitingArb,
  fc.record(
    {
      kind: fc.constant('paused' as const),
      reason: reasonArb,
      detail: fc.string(),
      resumeTo: fc.oneof(fc.constant({ kind: 'runnable' as const }), waitingArb),
    },
    { requiredKeys: ['kind', 'reason', 'resumeTo'] },
  ),
  fc.record({ kind: fc.constant('exited' as const), result: jsonArb }),
  fc.record({ kind: fc.constant('failed' as const), code: fc.string(), message: fc.string() }),
  fc.record({
    kind: fc.constant('killed' as const),
    signal: fc.constantFrom('terminate' as const, 'kill' as const),
    by: actorArb,
  }),
);
const eventArb: fc.Arbitrary<ProcessEvent> = fc.oneof(
  fc.record({
    type: fc.constant('claim' as const),
    leaseId: leaseArb,
    fence: fc.nat(),
    leaseExpiresAt: fc.nat(),
  }),
  fc.constant({ type: 'yield' as const }),
  fc.record({ type: fc.constant('block' as const), wait: waitArb, at: fc.nat() }),
  fc.constant({ type: 'wake' as const }),
  fc.record(
    { type: fc.constant('pause' as const), reason: reasonArb, detail: fc.string() },
    { requiredKeys: ['type', 'reason'] },
  ),
  fc.constant({ type: 'resume' as const }),
  fc.record({ type: fc.constant('exit' as const), result: jsonArb }),
  fc.record({ type: fc.constant('fail' as const), code: fc.string(), message: fc.string() }),
  fc.record({
    type: fc.constant('kill' as const),
    signal: fc.constantFrom('terminate' as const, 'kill' as const),
    by: actorArb,
  }),
  fc.constant({ type: 'expireLease' as const }),
);

describe('transition properties', () => {
  it('never mutates its input and never throws', () => {
    fc.assert(
      fc.property(stateArb, eventArb, (state, event) => {
        const stateBefore = structuredClone(state);
        const eventBefore = structuredClone(event);
        transition(deepFreeze(state), deepFreeze(event));
        // toEqual, not toStrictEqual: fast-check may build null-prototype objects, which
        // structuredClone turns into plain ones. Any write would already have thrown (frozen).
        expect(state).toEqual(stateBefore);
        expect(event).toEqual(eventBefore);
      }),
    );
  });

  it('never moves a process out of a terminal state', () => {
    fc.assert(
      fc.property(stateArb, eventArb, (state, event) => {
        fc.pre((TERMINAL_STATES as readonly string[]).includes(state.kind));
        expect(transition(state, event).ok).toBe(false);
      }),
    );
  });

  it('accepts a kill from every state that has not ended', () => {
    fc.assert(
      fc.property(stateArb, actorArb, (state, by) => {
        fc.pre(!(TERMINAL_STATES as readonly string[]).includes(state.kind));
        expect(transition(state, { type: 'kill', signal: 'terminate', by })).toStrictEqual({
          ok: true,
          state: { kind: 'killed', signal: 'terminate', by },
        });
      }),
    );
  });

  it('only lets a running process exit, fail, yield, block or lose its lease', () => {
    const runningOnly = ['yield', 'block', 'exit', 'fail', 'expireLease'];
    fc.assert(
      fc.property(stateArb, eventArb, (state, event) => {
        fc.pre(runningOnly.includes(event.type));
        expect(transition(state, event).ok).toBe(state.kind === 'running');
      }),
    );
  });
});
