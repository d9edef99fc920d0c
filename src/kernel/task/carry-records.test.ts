// Tests for what a continuation is granted: only the operator's live records, narrowed on request,
// never widened — by table, and by property (a continuation never may do what its run could not).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseId, type Pid } from '../../base/ids.js';
import { capabilityFixture } from '../capability/capability-fixture.js';
import { decide } from '../capability/decide.js';
import { parseResource, type ResourcePattern } from '../capability/resource.js';
import type { Capability, CapabilityId } from '../capability/types.js';
import { NO_NARROWING, planCarry, within, type Narrowing } from './carry-records.js';
import { parseScope } from './parse-scope.js';

const OLD: Pid = parseId('process', 'proc_00000001');
const NEW: Pid = parseId('process', 'proc_00000002');
const NOW = 10_000;

function pattern(text: string): ResourcePattern {
  const parsed = parseResource(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

function cap(n: number, fields: Partial<Capability> = {}): Capability {
  return capabilityFixture({
    id: parseId('capability', `cap_${n.toString().padStart(8, '0')}`),
    subject: OLD,
    resource: pattern('fs:src/**'),
    rights: ['read', 'write'],
    ...fields,
  });
}

function narrowing(drop: string[], only: string[] | null = null): Narrowing {
  const scope = (text: string) => {
    const parsed = parseScope(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.value;
  };
  return { drop: drop.map(scope), only: only === null ? null : only.map(scope) };
}

describe('planCarry', () => {
  const cases: [string, Partial<Capability>, string | null][] = [
    ['a plain operator allow', {}, null],
    ['a human allow_always answer', { approval: 'apr_00000001' }, null],
    ['a deny record', { effect: 'deny' }, null],
    ['an ask record', { effect: 'ask' }, null],
    ['a one-use grant not yet used', { usesRemaining: 1 }, null],
    ['an expiring grant, still live', { expiresAt: NOW + 1 }, null],
    ['a spent one-use grant', { usesRemaining: 0 }, 'spent'],
    ['a revoked grant', { revokedAt: 5 }, 'revoked'],
    ['an expired grant', { expiresAt: NOW }, 'expired'],
    ['an approval bound to one call', { boundCall: 'abc', usesRemaining: 1 }, 'bound-to-call'],
    ['a lineage record of the runtime', { issuedBy: 'runtime' }, 'not-operator'],
    [
      'a delegated record',
      { issuedBy: OLD, parentId: 'cap_00000009' as CapabilityId, depth: 1 },
      'not-operator',
    ],
  ];
  it.each(cases)('%s: carried unless it says why not', (_name, fields, reason) => {
    const record = cap(1, fields);
    const plan = planCarry([record], { now: NOW, narrowing: NO_NARROWING });
    if (reason === null) {
      expect(plan.left).toEqual([]);
      expect(plan.carried).toEqual([
        {
          from: record.id,
          fields: {
            resource: record.resource,
            rights: record.rights,
            effect: record.effect,
            usesRemaining: record.usesRemaining,
            expiresAt: record.expiresAt,
            parentId: null,
            delegable: record.delegable,
            issuedBy: 'operator',
            approval: record.approval,
            boundCall: null,
            depth: 0,
          },
        },
      ]);
    } else {
      expect(plan.carried).toEqual([]);
      expect(plan.left).toEqual([{ from: record.id, reason }]);
    }
  });

  it('drops the rights a drop scope names on records within it, and a record left with none', () => {
    const records = [
      cap(1, { resource: pattern('fs:src/a.ts') }),
      cap(2, { resource: pattern('fs:src/**') }),
      cap(3, { resource: pattern('fs:docs/**') }),
      cap(4, { resource: pattern('fs:src/b.ts') }),
    ];
    const plan = planCarry(records, {
      now: NOW,
      narrowing: narrowing(['fs:src/a.ts', 'fs:src/**=write']),
    });
    expect(plan.carried.map((c) => [c.from, c.fields.rights])).toEqual([
      [records[1]!.id, ['read']],
      [records[2]!.id, ['read', 'write']],
      [records[3]!.id, ['read']],
    ]);
    expect(plan.left).toEqual([{ from: records[0]!.id, reason: 'narrowed' }]);
  });

  it('keeps only the allow rights within an only scope, and every deny and ask whatever the scopes', () => {
    const records = [
      cap(1, { resource: pattern('fs:src/**') }),
      cap(2, { resource: pattern('net:https://example.com/**'), rights: ['get'] }),
      cap(3, { resource: pattern('fs:secret/**'), effect: 'deny' }),
      cap(4, { resource: pattern('fs:src/x'), effect: 'ask' }),
    ];
    const plan = planCarry(records, {
      now: NOW,
      narrowing: narrowing(['fs:**'], ['fs:src/**=read']),
    });
    expect(plan.carried.map((c) => [c.from, c.fields.effect, c.fields.rights])).toEqual([
      [records[2]!.id, 'deny', ['read', 'write']],
      [records[3]!.id, 'ask', ['read', 'write']],
    ]);
    const empty = planCarry(records, { now: NOW, narrowing: narrowing([], []) });
    expect(empty.carried.map((c) => c.fields.effect)).toEqual(['deny', 'ask']);
  });

  it('reads narrowing scopes with and without rights, and refuses bad ones', () => {
    expect(parseScope('fs:out/**')).toMatchObject({
      ok: true,
      value: { rights: ['read', 'write', 'delete'] },
    });
    expect(parseScope('shell:git=execute')).toMatchObject({
      ok: true,
      value: { rights: ['execute'] },
    });
    expect(parseScope('fs:a=b/**')).toMatchObject({
      ok: true,
      value: { resource: { path: 'a=b' } },
    });
    expect(parseScope('fs:/etc').ok).toBe(false);
    expect(parseScope('fs:a=execute').ok).toBe(false);
    expect(parseScope('*').ok).toBe(false);
  });

  it('reaches .git records with a scope that covers them (no carve-out when narrowing)', () => {
    expect(within(pattern('fs:**'), pattern('fs:.git/**'))).toBe(true);
    expect(within(pattern('fs:src/**'), pattern('fs:src'))).toBe(true);
    expect(within(pattern('fs:src/a'), pattern('fs:src/**'))).toBe(false);
    expect(within(pattern('fs:src/**'), pattern('fs:**'))).toBe(false);
    expect(within(pattern('net:*'), pattern('fs:**'))).toBe(false);
  });

  const patterns = [
    'fs:**',
    'fs:src/**',
    'fs:src/a.ts',
    'fs:docs/**',
    'net:https://example.com/**',
    'net:*',
  ];
  const recordArb = fc.record({
    resource: fc.constantFrom(...patterns),
    effect: fc.constantFrom('allow', 'deny', 'ask'),
    uses: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
    expiresAt: fc.option(fc.integer({ min: NOW - 5, max: NOW + 5 }), { nil: null }),
    revoked: fc.boolean(),
    issuedBy: fc.constantFrom('operator', 'runtime'),
    bound: fc.boolean(),
  });
  const scopeArb = fc.constantFrom(
    'fs:**',
    'fs:src/**=write',
    'fs:src/a.ts',
    'net:*',
    'fs:docs/**=read',
  );
  const concrete = [
    'fs:src/a.ts',
    'fs:src/b.ts',
    'fs:docs/x',
    'fs:other',
    'net:https://example.com/a',
    'net:https://other.org/',
  ];

  it('never lets the continuation do what the finished run could not, and keeps every live restriction (property)', () => {
    fc.assert(
      fc.property(
        fc.array(recordArb, { maxLength: 8 }),
        fc.array(scopeArb, { maxLength: 3 }),
        fc.option(fc.array(scopeArb, { maxLength: 3 }), { nil: null }),
        (specs, drop, only) => {
          const records = specs.map((s, i) =>
            cap(i + 1, {
              resource: pattern(s.resource),
              rights: pattern(s.resource).kind === 'net' ? ['get'] : ['read', 'write'],
              effect: s.effect,
              usesRemaining: s.uses,
              expiresAt: s.expiresAt,
              revokedAt: s.revoked ? 1 : null,
              issuedBy: s.issuedBy,
              boundCall: s.bound ? 'h' : null,
            }),
          );
          const plan = planCarry(records, { now: NOW, narrowing: narrowing(drop, only) });
          const given = plan.carried.map((c, i) => cap(100 + i, { ...c.fields, subject: NEW }));
          for (const text of concrete) {
            const at = pattern(text);
            if (at.match === 'any') continue;
            for (const right of at.kind === 'net'
              ? (['get'] as const)
              : (['read', 'write'] as const)) {
              const check = {
                resource: { kind: at.kind, path: at.path },
                right,
                callHash: 'other',
                now: NOW,
              };
              // Only the operator's records of the old run count: lineage ones are made afresh.
              const before = decide(
                records.filter((r) => r.issuedBy === 'operator'),
                check,
              );
              const after = decide(given, check);
              if (after.effect === 'allow') expect(before.effect).toBe('allow');
              if (before.effect === 'deny' && before.record !== null)
                expect(after.effect).toBe('deny');
            }
          }
        },
      ),
    );
  });
});
