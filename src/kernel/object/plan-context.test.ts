import { describe, expect, it } from 'vitest';
import { capabilityFixture } from '../capability/capability-fixture.js';
import type { Capability } from '../capability/types.js';
import { estimateTokens, orderForContext, readableScope } from './plan-context.js';

function record(path: string, fields: Partial<Capability> = {}): Capability {
  const match = path.endsWith('/**') ? 'subtree' : path === '**' ? 'any' : 'exact';
  const resource =
    match === 'any'
      ? ({ kind: 'object', match } as const)
      : ({ kind: 'object', match, path: path.replace(/\/\*\*$/, '') } as const);
  return capabilityFixture({ resource, ...fields });
}

describe('context planning', () => {
  it('puts pinned types first in their order, then newest first', () => {
    const objects = [
      { id: 'obj_a', type: 'text', updatedAt: 5 },
      { id: 'obj_b', type: 'note', updatedAt: 1 },
      { id: 'obj_c', type: 'plan', updatedAt: 2 },
      { id: 'obj_d', type: 'text', updatedAt: 9 },
      { id: 'obj_e', type: 'text', updatedAt: 9 },
    ];
    expect(orderForContext(objects, { pinnedTypes: ['plan', 'note'] }).map((o) => o.id)).toEqual([
      'obj_c',
      'obj_b',
      'obj_d',
      'obj_e',
      'obj_a',
    ]);
  });

  it('estimates a quarter token per byte, rounded up', () => {
    expect([0, 1, 4, 5].map(estimateTokens)).toEqual([0, 1, 1, 2]);
  });

  it('reads namespaces and single objects from live read allows only', () => {
    const scope = readableScope(
      [
        record('ns/shared/a/**'),
        record('ns/shared/b/report'),
        record('ns/shared/**'),
        record('**'),
        record('ns/shared/c/**', { rights: ['write'] }),
        record('ns/shared/d/**', { effect: 'deny' }),
        record('ns/shared/e/**', { revokedAt: 1 }),
        record('ns/shared/f/**', { expiresAt: 5 }),
        record('ns/shared/g/**', { boundCall: 'abc', usesRemaining: 1 }),
      ],
      { privateNamespace: 'proc/proc_00000001', now: 10 },
    );
    expect(scope).toEqual({
      namespaces: ['proc/proc_00000001', 'shared/a'],
      paths: ['ns/shared/b/report'],
    });
  });
});
