// Tests for delegation: every reason a delegation is refused, and that a delegated record never
// allows more than its parent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseId, type Pid } from '../../base/ids.js';
import { attenuate, type Attenuated, type DelegationRequest } from './attenuate.js';
import { RESOURCE_CATALOG, type ResourceKind, type Right } from './catalog.js';
import { decide, type Check } from './decide.js';
import { contains } from './match.js';
import { parseResource, type ResourcePattern } from './resource.js';
import { capabilityFixture } from './capability-fixture.js';
import { MAX_DELEGATION_DEPTH, type Capability, type CapabilityId } from './types.js';

const SUBJECT: Pid = parseId('process', 'proc_00000001');
const CHILD_SUBJECT: Pid = parseId('process', 'proc_00000002');
const NOW = 1_000;

function pattern(text: string): ResourcePattern {
  const parsed = parseResource(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

function capId(n: number): CapabilityId {
  return parseId('capability', `cap_${n.toString().padStart(8, '0')}`);
}

function cap(n: number, fields: Partial<Capability> = {}): Capability {
  return capabilityFixture({
    id: capId(n),
    subject: SUBJECT,
    resource: pattern('fs:src/**'),
    rights: ['read', 'write'],
    expiresAt: 5_000,
    delegable: true,
    ...fields,
  });
}

function request(fields: Partial<DelegationRequest> = {}): DelegationRequest {
  return {
    resource: pattern('fs:src/lib/**'),
    rights: ['read'],
    expiresAt: 4_000,
    delegable: false,
    ...fields,
  };
}

// The record the runtime stores for an accepted delegation.
function childRecord(n: number, value: Attenuated, createdAt: number): Capability {
  return {
    id: capId(n),
    subject: CHILD_SUBJECT,
    resource: value.resource,
    rights: value.rights,
    effect: 'allow',
    approval: null,
    usesRemaining: null,
    expiresAt: value.expiresAt,
    parentId: value.parentId,
    delegable: value.delegable,
    issuedBy: SUBJECT,
    boundCall: null,
    depth: value.depth,
    createdAt,
    revokedAt: null,
  };
}

describe('attenuate refuses', () => {
  it.each([
    [
      'a revoked parent',
      { revokedAt: NOW - 1 },
      {},
      'the capability is revoked, expired or used up',
    ],
    ['an expired parent', { expiresAt: NOW }, {}, 'the capability is revoked, expired or used up'],
    ['a used-up parent', { usesRemaining: 0 }, {}, 'the capability is revoked, expired or used up'],
    ['a deny parent', { effect: 'deny' }, {}, 'only allow records can be delegated, not deny'],
    ['an ask parent', { effect: 'ask' }, {}, 'only allow records can be delegated, not ask'],
    [
      'a parent bound to one call',
      { boundCall: 'call-this', usesRemaining: 1 },
      {},
      'one-shot and counted grants cannot be delegated',
    ],
    [
      'a bound parent with no use count',
      { boundCall: 'call-this' },
      {},
      'one-shot and counted grants cannot be delegated',
    ],
    [
      'a counted parent',
      { usesRemaining: 3 },
      {},
      'one-shot and counted grants cannot be delegated',
    ],
    ['a parent that is not delegable', { delegable: false }, {}, 'the capability is not delegable'],
    [
      'a parent at the depth limit',
      { depth: MAX_DELEGATION_DEPTH },
      {},
      `delegation is limited to depth ${MAX_DELEGATION_DEPTH}`,
    ],
    [
      'the whole workspace from a subtree',
      {},
      { resource: pattern('fs:**') },
      'the resource is wider than the delegated capability',
    ],
    [
      'a sibling subtree sharing a prefix',
      {},
      { resource: pattern('fs:src2/**') },
      'the resource is wider than the delegated capability',
    ],
    [
      'a subtree from an exact path',
      { resource: pattern('fs:src/a.ts') },
      { resource: pattern('fs:src/a.ts/**') },
      'the resource is wider than the delegated capability',
    ],
    [
      'a resource of another kind',
      {},
      { resource: pattern('object:src/**') },
      'the resource is wider than the delegated capability',
    ],
    ['an extra right', {}, { rights: ['read', 'delete'] }, 'rights not held: delete'],
    [
      'rights of another kind',
      {},
      { rights: ['execute', 'connect'] },
      'rights not held: execute, connect',
    ],
    ['no rights', {}, { rights: [] }, 'name at least one right'],
    [
      'a later expiry',
      {},
      { expiresAt: 5_001 },
      'the expiry is later than the delegated capability',
    ],
    [
      'no expiry under an expiring parent',
      {},
      { expiresAt: null },
      'the expiry is later than the delegated capability',
    ],
  ] as const)('%s', (_label, parentFields, requestFields, reason) => {
    const parent = cap(1, parentFields);
    expect(attenuate(parent, request(requestFields), { now: NOW })).toStrictEqual({
      ok: false,
      reason,
    });
  });
});

describe('attenuate accepts', () => {
  it('a narrower resource, rights and expiry, keeping the parent link and one more depth', () => {
    const parent = cap(1, { depth: 2 });
    expect(attenuate(parent, request(), { now: NOW })).toStrictEqual({
      ok: true,
      value: {
        resource: pattern('fs:src/lib/**'),
        rights: ['read'],
        expiresAt: 4_000,
        delegable: false,
        parentId: parent.id,
        depth: 3,
      },
    });
  });

  it.each([
    ['the same subtree', 'fs:src/**'],
    ['the subtree root as an exact path', 'fs:src'],
    ['one file in the subtree', 'fs:src/a/b.ts'],
  ])('%s as the resource', (_label, text) => {
    const result = attenuate(cap(1), request({ resource: pattern(text) }), { now: NOW });
    expect(result.ok && result.value.resource).toStrictEqual(pattern(text));
  });

  it('the same rights and the same expiry as the parent', () => {
    const parent = cap(1);
    const result = attenuate(
      parent,
      request({ rights: ['write', 'read'], expiresAt: parent.expiresAt }),
      { now: NOW },
    );
    expect(result.ok && result.value).toMatchObject({
      rights: ['write', 'read'],
      expiresAt: 5_000,
    });
  });

  it.each([null, 9_999_999])('expiry %s under a parent that never expires', (expiresAt) => {
    const result = attenuate(cap(1, { expiresAt: null }), request({ expiresAt }), { now: NOW });
    expect(result.ok && result.value.expiresAt).toBe(expiresAt);
  });

  it('a delegable child of a delegable parent', () => {
    const result = attenuate(cap(1), request({ delegable: true }), { now: NOW });
    expect(result.ok && result.value.delegable).toBe(true);
  });

  it(`a parent at depth ${MAX_DELEGATION_DEPTH - 1}, giving a child at the limit`, () => {
    const result = attenuate(cap(1, { depth: MAX_DELEGATION_DEPTH - 1 }), request(), { now: NOW });
    expect(result.ok && result.value.depth).toBe(MAX_DELEGATION_DEPTH);
  });

  it('a parent expiring one millisecond after now', () => {
    const parent = cap(1, { expiresAt: NOW + 1 });
    const result = attenuate(parent, request({ expiresAt: NOW + 1 }), { now: NOW });
    expect(result.ok).toBe(true);
  });

  it(`exactly ${MAX_DELEGATION_DEPTH} delegations in a chain from an operator grant`, () => {
    let parent = cap(1, { expiresAt: null });
    let accepted = 0;
    for (let n = 2; n < MAX_DELEGATION_DEPTH + 5; n++) {
      const result = attenuate(parent, request({ expiresAt: null, delegable: true }), { now: NOW });
      if (!result.ok) {
        expect(result.reason).toBe(`delegation is limited to depth ${MAX_DELEGATION_DEPTH}`);
        break;
      }
      accepted++;
      parent = childRecord(n, result.value, NOW);
    }
    expect(accepted).toBe(MAX_DELEGATION_DEPTH);
    expect(parent.depth).toBe(MAX_DELEGATION_DEPTH);
  });
});

// A small universe so random parents and requests often relate.
const KINDS = ['fs', 'shell', 'object'] as const satisfies readonly ResourceKind[];
const PATTERN_TEXTS: Record<(typeof KINDS)[number], readonly string[]> = {
  fs: ['fs:**', 'fs:a/**', 'fs:a/b/**', 'fs:a', 'fs:a/b', 'fs:b/**', 'fs:.', 'fs:a/b/c'],
  object: ['object:**', 'object:a/**', 'object:a'],
  shell: ['shell:*', 'shell:a', 'shell:b'],
};
const ALL_PATTERNS = Object.values(PATTERN_TEXTS).flat().map(pattern);
const FS_PATHS = ['.', 'a', 'b', 'c', 'a/a', 'a/b', 'a/c', 'b/a', 'a/b/a', 'a/b/c', 'a/b/c/a'];
const RESOURCES = [
  ...FS_PATHS.flatMap((path) => [
    { kind: 'fs' as const, path },
    { kind: 'object' as const, path },
  ]),
  ...['a', 'b', 'c'].map((path) => ({ kind: 'shell' as const, path })),
];
const ALL_RIGHTS: readonly Right[] = [...new Set(KINDS.flatMap((k) => RESOURCE_CATALOG[k].rights))];

// Null four times in five: the fields that stop a delegation are set only now and then.
function mostlyNull<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: arb, weight: 1 });
}

const expiryArb = fc.option(fc.integer({ min: 0, max: 2_000 }));

const parentArb: fc.Arbitrary<Capability> = fc
  .record({
    resource: fc.constantFrom(...ALL_PATTERNS),
    effect: fc.constantFrom('allow', 'allow', 'allow', 'deny', 'ask'),
    usesRemaining: mostlyNull(fc.nat({ max: 2 })),
    expiresAt: expiryArb,
    delegable: fc.boolean(),
    boundCall: mostlyNull(fc.constant('call-this')),
    depth: fc.nat({ max: MAX_DELEGATION_DEPTH }),
    revokedAt: mostlyNull(fc.constant(0)),
  })
  .chain((fields) =>
    fc
      .subarray([...RESOURCE_CATALOG[fields.resource.kind].rights], { minLength: 1 })
      .map((rights) => cap(1, { ...fields, rights })),
  );

const requestArb: fc.Arbitrary<DelegationRequest> = fc.record({
  resource: fc.constantFrom(...ALL_PATTERNS),
  rights: fc.subarray([...ALL_RIGHTS]),
  expiresAt: expiryArb,
  delegable: fc.boolean(),
});

// Narrower patterns of a parent, within the universe: those it contains.
function narrowerArb(parent: Capability): fc.Arbitrary<DelegationRequest> {
  const inside = ALL_PATTERNS.filter((p) => contains(parent.resource, p));
  return fc.record({
    resource: fc.constantFrom(...inside),
    rights: fc.subarray([...parent.rights], { minLength: 1 }),
    expiresAt:
      parent.expiresAt === null ? expiryArb : fc.integer({ min: 0, max: parent.expiresAt }),
    delegable: fc.boolean(),
  });
}

// Parents that can delegate: live at NOW and after, allow, unlimited, unbound, delegable.
const usableParentArb: fc.Arbitrary<Capability> = parentArb.map((p) => ({
  ...p,
  effect: 'allow' as const,
  usesRemaining: null,
  boundCall: null,
  revokedAt: null,
  delegable: true,
  depth: Math.min(p.depth, MAX_DELEGATION_DEPTH - 1),
  expiresAt: p.expiresAt === null ? null : NOW + 1 + p.expiresAt,
}));

// A narrowing request widened in one dimension, just past what the parent holds.
function nearlyNarrowerArb(parent: Capability): fc.Arbitrary<DelegationRequest> {
  const { expiresAt } = parent;
  const later: fc.Arbitrary<number | null> =
    expiresAt === null
      ? fc.constant(null)
      : fc.oneof(fc.constant(null), fc.integer({ min: expiresAt + 1, max: expiresAt + 600 }));
  return narrowerArb(parent).chain((req) =>
    fc.oneof(
      fc.constantFrom(...ALL_PATTERNS).map((resource) => ({ ...req, resource })),
      fc.constantFrom(...ALL_RIGHTS).map((right) => ({ ...req, rights: [...req.rights, right] })),
      later.map((expiry) => ({ ...req, expiresAt: expiry })),
    ),
  );
}

// Mostly narrowing requests, so that most runs reach an accepted delegation; some widened in one
// dimension, to probe each boundary; some unrelated.
function requestFor(parent: Capability): fc.Arbitrary<DelegationRequest> {
  return fc.oneof(
    { arbitrary: narrowerArb(parent), weight: 3 },
    { arbitrary: nearlyNarrowerArb(parent), weight: 2 },
    { arbitrary: requestArb, weight: 1 },
  );
}

const timesArb = fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 6 });

function allows(records: readonly Capability[], check: Check): boolean {
  return decide(records, check).effect === 'allow';
}

// Every concrete resource and right of the universe, at each of `times`.
function* checksAt(times: readonly number[]): Generator<Check> {
  for (const now of times) {
    for (const resource of RESOURCES) {
      for (const right of ALL_RIGHTS) yield { resource, right, callHash: 'call-this', now };
    }
  }
}

// One link of a chain as plain data (it shrinks well), read against whatever the parent holds:
// a narrowing request, or one widened in a single dimension.
const stepArb = fc.record({
  pick: fc.nat(),
  rightsMask: fc.nat({ max: 7 }),
  earlier: fc.nat({ max: 500 }),
  widen: fc.constantFrom('none', 'none', 'none', 'resource', 'right', 'expiry'),
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function requestFromStep(parent: Capability, step: Step): DelegationRequest {
  const inside = ALL_PATTERNS.filter((p) => contains(parent.resource, p));
  const kept = parent.rights.filter((_, i) => (step.rightsMask & (1 << i)) !== 0);
  const narrowed: DelegationRequest = {
    resource: inside[step.pick % inside.length]!,
    rights: kept.length > 0 ? kept : parent.rights,
    expiresAt: parent.expiresAt === null ? null : parent.expiresAt - step.earlier,
    delegable: true,
  };
  switch (step.widen) {
    case 'none':
      return narrowed;
    case 'resource':
      return { ...narrowed, resource: ALL_PATTERNS[step.pick % ALL_PATTERNS.length]! };
    case 'right':
      return {
        ...narrowed,
        rights: [...narrowed.rights, ALL_RIGHTS[step.pick % ALL_RIGHTS.length]!],
      };
    case 'expiry': {
      const { expiresAt } = parent;
      const later = expiresAt === null || step.earlier % 2 === 0 ? null : expiresAt + step.earlier;
      return { ...narrowed, expiresAt: later };
    }
  }
}

describe('attenuate properties', () => {
  it('accepts every request that narrows a live, delegable, unlimited allow below the limit', () => {
    fc.assert(
      fc.property(
        usableParentArb.chain((parent) => fc.tuple(fc.constant(parent), narrowerArb(parent))),
        ([parent, req]) => {
          expect(attenuate(parent, req, { now: NOW })).toStrictEqual({
            ok: true,
            value: { ...req, parentId: parent.id, depth: parent.depth + 1 },
          });
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('never widens: the child allows nothing, at any time, that its parent does not', () => {
    const caseArb = fc
      .oneof(parentArb, usableParentArb)
      .chain((parent) => fc.tuple(fc.constant(parent), requestFor(parent)));
    fc.assert(
      fc.property(caseArb, timesArb, ([parent, req], times) => {
        const result = attenuate(parent, req, { now: NOW });
        if (!result.ok) return;
        const child = result.value;
        expect(contains(parent.resource, child.resource)).toBe(true);
        expect(child.rights.length).toBeGreaterThan(0);
        for (const right of child.rights) expect(parent.rights).toContain(right);
        if (parent.expiresAt !== null) {
          expect(child.expiresAt).not.toBeNull();
          expect(child.expiresAt).toBeLessThanOrEqual(parent.expiresAt);
        }
        expect(child.parentId).toBe(parent.id);
        expect(child.depth).toBe(parent.depth + 1);
        expect(child.depth).toBeLessThanOrEqual(MAX_DELEGATION_DEPTH);

        const childOnly = [childRecord(2, child, NOW)];
        for (const check of checksAt(times)) {
          if (allows(childOnly, check)) expect(allows([parent], check)).toBe(true);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('never widens along a chain: the last link allows nothing its root does not', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          { arbitrary: usableParentArb.map((p) => ({ ...p, depth: 0 })), weight: 3 },
          { arbitrary: parentArb, weight: 1 },
        ),
        fc.array(stepArb, { maxLength: MAX_DELEGATION_DEPTH + 2 }),
        timesArb,
        (root, steps, times) => {
          const chain: Capability[] = [root];
          for (const [i, step] of steps.entries()) {
            const last = chain[chain.length - 1]!;
            const result = attenuate(last, requestFromStep(last, step), { now: NOW });
            if (result.ok) chain.push(childRecord(i + 2, result.value, NOW));
          }
          const leaf = chain[chain.length - 1]!;
          expect(leaf.depth - root.depth).toBe(chain.length - 1);
          expect(leaf.depth).toBeLessThanOrEqual(MAX_DELEGATION_DEPTH);
          for (const check of checksAt(times)) {
            if (allows([leaf], check)) expect(allows([root], check)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
