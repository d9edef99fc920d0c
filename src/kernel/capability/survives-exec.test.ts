// survivesExec by table: which records an exec keeps without being named, and why.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../base/ids.js';
import { capabilityFixture } from './capability-fixture.js';
import { survivesExec } from './survives-exec.js';
import type { Capability, CapabilityId } from './types.js';

const PARENT = 'proc_00000009' as Pid;

describe('survivesExec', () => {
  it.each<[string, Partial<Capability>, ReturnType<typeof survivesExec>]>([
    ['an operator grant', {}, null],
    ['a delegated grant', { issuedBy: PARENT, parentId: 'cap_00000009' as CapabilityId }, null],
    ['a one-shot approval', { boundCall: 'a'.repeat(64), usesRemaining: 1 }, null],
    ['an allow a human approved', { approval: 'apr_00000001' }, null],
    ['a counted grant', { usesRemaining: 3 }, null],
    ['an expired grant', { expiresAt: 1 }, null],
    ['a deny record', { effect: 'deny' }, 'restriction'],
    ['an ask record', { effect: 'ask' }, 'restriction'],
    [
      'a deny copied along with a delegation',
      { effect: 'deny', issuedBy: PARENT, parentId: 'cap_00000009' as CapabilityId },
      'restriction',
    ],
    [
      'the lineage record for its own namespace',
      {
        issuedBy: 'runtime',
        resource: { kind: 'object', match: 'subtree', path: 'ns/proc/proc_00000001' },
      },
      'lineage',
    ],
    [
      'the operator model grant',
      { resource: { kind: 'model', match: 'exact', path: 'openai/gpt-4.1' }, rights: ['call'] },
      'model',
    ],
    [
      'a model grant delegated by the parent',
      {
        resource: { kind: 'model', match: 'any' },
        rights: ['call'],
        issuedBy: PARENT,
        parentId: 'cap_00000009' as CapabilityId,
      },
      'model',
    ],
  ])('%s', (_label, fields, expected) => {
    expect(survivesExec(capabilityFixture(fields))).toBe(expected);
  });
});
