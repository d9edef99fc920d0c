// Tests for the capability decision: precedence, liveness, rights and independence of order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseId, type Pid } from '../../base/ids.js';
import { RESOURCE_CATALOG } from './catalog.js';
import { decide, isLive, type Check } from './decide.js';
import { covers } from './match.js';
import { parseResource, type ResourcePattern } from './resource.js';
import type { Capability, CapabilityId } from './types.js';
import { capabilityFixture } from './capability-fixture.js';

const SUBJECT: Pid = parseId('process', 'proc_00000001');
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
    ...fields,
  });
}

const CHECK: Check = {
  resource: { kind: 'fs', path: 'src/a.ts' },
  right: 'write',
  callHash: 'call-this',
  now: NOW,
};

const APPROVAL = 'apr_00000001';

// The five kinds of record, plus the allow a human approved with `allow_always`, which
// decide ranks between the call-bound allow and ask. Ids are chosen so that the deciding record
// is never simply the smallest id present.
const KINDS_OF_RECORD = {
  deny: cap(6, { effect: 'deny' }),
  'bound allow for this call': cap(5, { boundCall: 'call-this', usesRemaining: 1 }),
  'approved allow': cap(4, { approval: APPROVAL }),
  'bound allow for another call': cap(3, { boundCall: 'call-other', usesRemaining: 1 }),
  ask: cap(2, { effect: 'ask' }),
  allow: cap(1),
} as const;
type KindOfRecord = keyof typeof KINDS_OF_RECORD;
const KIND_NAMES = Object.keys(KINDS_OF_RECORD) as KindOfRecord[];

// deny > allow bound to this exact call > allow a human approved > ask > allow; no match = deny.
function expected(present: readonly KindOfRecord[]): ReturnType<typeof decide> {
  const has = (k: KindOfRecord): boolean => present.includes(k);
  if (has('deny')) return { effect: 'deny', record: KINDS_OF_RECORD.deny };
  if (has('bound allow for this call')) {
    return { effect: 'allow', record: KINDS_OF_RECORD['bound allow for this call'], oneShot: true };
  }
  if (has('approved allow')) {
    return { effect: 'allow', record: KINDS_OF_RECORD['approved allow'], oneShot: false };
  }
  if (has('ask')) return { effect: 'ask', record: KINDS_OF_RECORD.ask };
  if (has('allow')) return { effect: 'allow', record: KINDS_OF_RECORD.allow, oneShot: false };
  return { effect: 'deny', record: null };
}

const COMBINATIONS = Array.from({ length: 2 ** KIND_NAMES.length }, (_, mask) =>
  KIND_NAMES.filter((_, bit) => (mask & (1 << bit)) !== 0),
);

describe('decide precedence', () => {
  it('enumerates all 64 combinations of record kinds', () => {
    expect(new Set(COMBINATIONS.map((c) => c.join('+'))).size).toBe(64);
  });

  it.each(
    COMBINATIONS.map((present) => {
      const outcome = expected(present);
      const by = outcome.record === null ? 'no record' : outcome.record.id;
      return [present.length === 0 ? 'nothing' : present.join(' + '), outcome.effect, by, present];
    }),
  )('with %s, decides %s by %s', (_label, _effect, _by, present) => {
    const records = present.map((k) => KINDS_OF_RECORD[k]);
    expect(decide(records, CHECK)).toStrictEqual(expected(present));
  });

  it.each([
    [['deny', 'bound allow for this call', 'ask', 'allow'], 'deny'],
    [['bound allow for this call', 'ask', 'allow'], 'allow'],
    [['bound allow for another call', 'ask', 'allow'], 'ask'],
    [['bound allow for another call', 'allow'], 'allow'],
    [['bound allow for another call'], 'deny'],
    [['approved allow', 'ask', 'allow'], 'allow'],
    [['deny', 'approved allow'], 'deny'],
  ] as const)('spot check: %j decides %s', (present, effect) => {
    expect(
      decide(
        present.map((k) => KINDS_OF_RECORD[k]),
        CHECK,
      ).effect,
    ).toBe(effect);
  });
});

describe('decide with no matching record', () => {
  it('denies with no record when there are no records', () => {
    expect(decide([], CHECK)).toStrictEqual({ effect: 'deny', record: null });
  });

  it.each([
    ['another subtree', cap(1, { resource: pattern('fs:lib/**') })],
    ['a sibling prefix', cap(1, { resource: pattern('fs:sr/**') })],
    ['a deeper subtree', cap(1, { resource: pattern('fs:src/a/**') })],
    ['another exact path', cap(1, { resource: pattern('fs:src/b.ts') })],
    ['another kind', cap(1, { resource: pattern('object:**') })],
    ['a missing right', cap(1, { rights: ['read'] })],
  ])('denies with no record when the only allow is for %s', (_label, record) => {
    expect(decide([record], CHECK)).toStrictEqual({ effect: 'deny', record: null });
  });

  it('denies with no record when the only allow is bound to another call', () => {
    const record = cap(1, { boundCall: 'call-other', usesRemaining: 1 });
    expect(decide([record], CHECK)).toStrictEqual({ effect: 'deny', record: null });
  });
});

describe('decide ignores records not in force', () => {
  const dead = {
    expired: { expiresAt: NOW },
    revoked: { revokedAt: NOW - 1 },
    'used up': { usesRemaining: 0 },
  } as const;
  const effects = {
    deny: { effect: 'deny' },
    'bound allow': { boundCall: 'call-this', usesRemaining: 1 },
    ask: { effect: 'ask' },
    allow: {},
  } as const;
  const live = cap(9);

  it.each(
    Object.entries(dead).flatMap(([state, deadFields]) =>
      Object.entries(effects).map(
        ([effect, effectFields]) => [state, effect, { ...effectFields, ...deadFields }] as const,
      ),
    ),
  )('lets a live allow decide past an %s %s', (_state, _effect, fields) => {
    const records = [cap(1, fields), live];
    expect(decide(records, CHECK)).toStrictEqual({ effect: 'allow', record: live, oneShot: false });
  });

  it('counts a record expiring one millisecond after now', () => {
    const record = cap(1, { effect: 'deny', expiresAt: NOW + 1 });
    expect(decide([record, live], CHECK)).toStrictEqual({ effect: 'deny', record });
  });

  it('counts a record with one use left, as a one-shot allow', () => {
    const record = cap(1, { usesRemaining: 1 });
    expect(decide([record], CHECK)).toStrictEqual({ effect: 'allow', record, oneShot: true });
  });
});

describe('decide needs the checked right', () => {
  it.each([
    ['deny', 'does not deny', { effect: 'deny' }],
    ['ask', 'does not ask', { effect: 'ask' }],
    ['bound allow', 'does not allow', { boundCall: 'call-this', usesRemaining: 1 }],
  ] as const)('a %s for read only %s a write', (_label, _verb, fields) => {
    const records = [cap(1, { ...fields, rights: ['read'] }), cap(9)];
    expect(decide(records, CHECK)).toStrictEqual({
      effect: 'allow',
      record: cap(9),
      oneShot: false,
    });
  });

  it('applies a deny bound to this exact call (deny once)', () => {
    const record = cap(2, { effect: 'deny', boundCall: 'call-this' });
    expect(decide([record, cap(1)], CHECK)).toStrictEqual({ effect: 'deny', record });
  });

  it('ignores a deny bound to another call', () => {
    const records = [cap(2, { effect: 'deny', boundCall: 'call-other' }), cap(1)];
    expect(decide(records, CHECK)).toStrictEqual({
      effect: 'allow',
      record: cap(1),
      oneShot: false,
    });
  });
});

describe('decide between records of one precedence', () => {
  it.each([
    ['deny', { effect: 'deny' }],
    ['ask', { effect: 'ask' }],
    ['bound allow', { boundCall: 'call-this', usesRemaining: 1 }],
    ['approved allow', { approval: APPROVAL }],
    ['unlimited allow', {}],
  ] as const)('picks the %s with the smallest id', (_label, fields) => {
    const records = [cap(7, fields), cap(3, fields), cap(5, fields)];
    expect(decide(records, CHECK).record).toStrictEqual(cap(3, fields));
  });

  it('spends an unlimited allow before a counted one, whatever the ids', () => {
    const counted = cap(1, { usesRemaining: 3 });
    const unlimited = cap(8);
    expect(decide([counted, unlimited], CHECK)).toStrictEqual({
      effect: 'allow',
      record: unlimited,
      oneShot: false,
    });
  });

  it('picks the counted allow with the smallest id when none is unlimited', () => {
    const records = [cap(6, { usesRemaining: 1 }), cap(2, { usesRemaining: 5 })];
    expect(decide(records, CHECK)).toStrictEqual({
      effect: 'allow',
      record: records[1],
      oneShot: true,
    });
  });
});

describe('decide with an approved allow', () => {
  it('reports a counted approved allow as one-shot', () => {
    const record = cap(1, { approval: APPROVAL, usesRemaining: 2 });
    expect(decide([record, cap(2, { effect: 'ask' })], CHECK)).toStrictEqual({
      effect: 'allow',
      record,
      oneShot: true,
    });
  });

  it('ranks an approved allow above a plain allow with a smaller id', () => {
    const approved = cap(9, { approval: APPROVAL });
    expect(decide([cap(1), approved], CHECK)).toStrictEqual({
      effect: 'allow',
      record: approved,
      oneShot: false,
    });
  });

  it('lets a deny with an approval (deny_always) deny', () => {
    const record = cap(2, { effect: 'deny', approval: APPROVAL });
    expect(decide([record, cap(1, { approval: APPROVAL })], CHECK)).toStrictEqual({
      effect: 'deny',
      record,
    });
  });
});

describe('isLive', () => {
  it.each([
    ['a plain record', {}, true],
    ['a revoked record', { revokedAt: 1 }, false],
    ['a record expiring at now', { expiresAt: NOW }, false],
    ['a record that expired before now', { expiresAt: NOW - 1 }, false],
    ['a record expiring after now', { expiresAt: NOW + 1 }, true],
    ['a record with no uses left', { usesRemaining: 0 }, false],
    ['a record with one use left', { usesRemaining: 1 }, true],
  ] as const)('holds %s live: %s', (_label, fields, live) => {
    expect(isLive(cap(1, fields), NOW)).toBe(live);
  });
});

// Random record sets over a small universe, so records often match the check and collide.
const PATTERNS = ['fs:**', 'fs:src/**', 'fs:src/a/**', 'fs:src/a.ts', 'fs:src', 'fs:lib/**'].map(
  pattern,
);
const CALLS = ['call-this', 'call-other'] as const;

const recordFieldsArb = fc.record({
  resource: fc.constantFrom(...PATTERNS),
  rights: fc.subarray([...RESOURCE_CATALOG.fs.rights], { minLength: 1 }),
  effect: fc.constantFrom('allow', 'deny', 'ask'),
  usesRemaining: fc.constantFrom(null, 0, 1, 2),
  expiresAt: fc.option(fc.integer({ min: 0, max: 2_000 })),
  boundCall: fc.oneof(
    { arbitrary: fc.constant(null), weight: 2 },
    { arbitrary: fc.constantFrom(...CALLS), weight: 1 },
  ),
  revokedAt: fc.oneof(
    { arbitrary: fc.constant(null), weight: 4 },
    { arbitrary: fc.constant(1), weight: 1 },
  ),
  approval: fc.oneof(
    { arbitrary: fc.constant(null), weight: 3 },
    { arbitrary: fc.constant(APPROVAL), weight: 1 },
  ),
});

const recordsArb: fc.Arbitrary<Capability[]> = fc
  .uniqueArray(fc.record({ n: fc.integer({ min: 1, max: 10_000 }), fields: recordFieldsArb }), {
    selector: (entry) => entry.n,
    maxLength: 12,
  })
  .map((entries) => entries.map(({ n, fields }) => cap(n, fields)));

const checkArb: fc.Arbitrary<Check> = fc.record({
  resource: fc.constantFrom('.', 'src', 'src/a.ts', 'src/a/b.ts', 'lib/x', 'srcx').map((path) => ({
    kind: 'fs' as const,
    path,
  })),
  right: fc.constantFrom(...RESOURCE_CATALOG.fs.rights),
  callHash: fc.constantFrom(...CALLS),
  now: fc.integer({ min: 0, max: 2_000 }),
});

function permuted<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
}

describe('decide properties', () => {
  it('does not depend on record order', () => {
    fc.assert(
      fc.property(
        recordsArb.chain((records) => fc.tuple(fc.constant(records), permuted(records))),
        checkArb,
        ([records, shuffled], check) => {
          expect(decide(shuffled, check)).toStrictEqual(decide(records, check));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('decides the same over only the records covering the resource (any superset will do)', () => {
    fc.assert(
      fc.property(recordsArb, checkArb, (records, check) => {
        const covering = records.filter((r) => covers(r.resource, check.resource));
        expect(decide(covering, check)).toStrictEqual(decide(records, check));
      }),
      { numRuns: 1_000 },
    );
  });

  it('returns a deciding record that is live, holds the right and covers the resource', () => {
    fc.assert(
      fc.property(recordsArb, checkArb, (records, check) => {
        const { record } = decide(records, check);
        if (record === null) return;
        expect(records).toContain(record);
        expect(isLive(record, check.now)).toBe(true);
        expect(record.rights).toContain(check.right);
        expect(covers(record.resource, check.resource)).toBe(true);
        expect([null, check.callHash]).toContain(record.boundCall);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never allows or asks while a live matching deny exists', () => {
    fc.assert(
      fc.property(recordsArb, checkArb, (records, check) => {
        const denied = records.some(
          (r) =>
            r.effect === 'deny' &&
            isLive(r, check.now) &&
            r.rights.includes(check.right) &&
            covers(r.resource, check.resource) &&
            (r.boundCall === null || r.boundCall === check.callHash),
        );
        if (denied) expect(decide(records, check).effect).toBe('deny');
      }),
      { numRuns: 1_000 },
    );
  });
});
