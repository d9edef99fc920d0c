// Table test of mayResume: every pause reason against the operator, the pausing parent and others.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../base/ids.js';
import { mayResume } from './may-resume.js';
import type { PauseReason, ProcessState } from './types.js';

const PARENT = 'proc_parent' as Pid;
const OTHER = 'proc_other' as Pid;
const REASONS: readonly PauseReason[] = [
  'operator',
  'parent',
  'approval-denied',
  'unknown-effect',
  'budget',
  'error',
];

function paused(reason: PauseReason, by?: Pid | 'operator' | 'runtime'): ProcessState {
  return {
    kind: 'paused',
    reason,
    ...(by === undefined ? {} : { by }),
    resumeTo: { kind: 'runnable' },
  };
}

describe('mayResume', () => {
  it.each(REASONS)('lets the operator lift a %s pause', (reason) => {
    expect(mayResume(paused(reason, 'runtime'), 'operator')).toBe(true);
  });

  it.each(REASONS.filter((r) => r !== 'parent'))(
    'never lets a process lift a %s pause, even one it is named in',
    (reason) => {
      expect(mayResume(paused(reason, PARENT), PARENT)).toBe(false);
    },
  );

  it('lets a parent lift only its own pause', () => {
    expect(mayResume(paused('parent', PARENT), PARENT)).toBe(true);
    expect(mayResume(paused('parent', PARENT), OTHER)).toBe(false);
    expect(mayResume(paused('parent'), PARENT)).toBe(false);
  });

  it('refuses a process resuming a process that is not paused', () => {
    expect(mayResume({ kind: 'runnable' }, PARENT)).toBe(false);
  });
});
