// Tests for a task's status and when it may be followed up: every process state.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../base/ids.js';
import type { ProcessState } from '../process/types.js';
import { mayFollowUp, taskStatus } from './types.js';

const STATES: [ProcessState, string, boolean][] = [
  [{ kind: 'runnable' }, 'live', false],
  [
    { kind: 'running', leaseId: 'lse_00000001' as never, fence: 1, leaseExpiresAt: 9 },
    'live',
    false,
  ],
  [
    { kind: 'waiting', wait: { on: 'child', pids: ['proc_00000002' as Pid] }, since: 1 },
    'live',
    false,
  ],
  [{ kind: 'paused', reason: 'operator', resumeTo: { kind: 'runnable' } }, 'live', false],
  [{ kind: 'exited', result: null }, 'exited', true],
  [{ kind: 'failed', code: 'INTERNAL', message: 'x' }, 'failed', true],
  [{ kind: 'killed', signal: 'terminate', by: 'operator' }, 'killed', true],
];

describe('task status and follow-ups', () => {
  it.each(STATES)('%o: status %s, may follow up: %s', (state, status, may) => {
    expect(taskStatus(state)).toBe(status);
    expect(mayFollowUp(state)).toEqual(may ? { ok: true } : { ok: false, state: state.kind });
  });
});
