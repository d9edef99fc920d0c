// Tests for the revocation cascade: revoking a record reaches everything delegated from it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseId, type Pid } from '../../base/ids.js';
import { attenuate } from './attenuate.js';
import { RESOURCE_CATALOG } from './catalog.js';
import { decide, isLive, type Check } from './decide.js';
import { parseResource, type ResourcePattern } from './resource.js';
import { descendantsOf } from './revocation.js';
import { capabilityFixture } from './capability-fixture.js';
import type { Capability, CapabilityId } from './types.js';

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

function cap(n: number, parent: number | null = null): Capability {
  return capabilityFixture({
    id: capId(n),
    subject: SUBJECT,
    resource: pattern('fs:**'),
    rights: ['read', 'write', 'delete'],
    parentId: parent === null ? null : capId(parent),
    delegable: true,
  });
}

describe('descendantsOf', () => {
  it('finds nothing under a record nobody delegated from', () => {
    expect(descendantsOf([cap(1), cap(2, 1)], capId(2))).toStrictEqual([]);
  });

  it('finds nothing under an id that is not among the records', () => {
    expect(descendantsOf([cap(1), cap(2, 1)], capId(9))).toStrictEqual([]);
  });

  it('finds children, grandchildren and deeper, breadth first, without the root', () => {
    // 1 ─┬─ 2 ── 4 ── 6
    //    └─ 3 ── 5
    const records = [cap(6, 4), cap(1), cap(5, 3), cap(4, 2), cap(2, 1), cap(3, 1)];
    expect(descendantsOf(records, capId(1))).toStrictEqual([2, 3, 4, 5, 6].map(capId));
  });

  it('leaves out the parent, siblings and unrelated trees', () => {
    const records = [cap(1), cap(2, 1), cap(3, 1), cap(4, 2), cap(7), cap(8, 7)];
    expect(descendantsOf(records, capId(2))).toStrictEqual([capId(4)]);
  });

  it('reaches the children of a record even when the root itself is not in the list', () => {
    expect(descendantsOf([cap(2, 1), cap(3, 2)], capId(1))).toStrictEqual([capId(2), capId(3)]);
  });

  it('stops on a malformed parent cycle and never lists the root', () => {
    const records = [cap(1, 3), cap(2, 1), cap(3, 2)];
    expect(descendantsOf(records, capId(1))).toStrictEqual([capId(2), capId(3)]);
  });
});

// Random delegation forests: record i is an operator grant or delegated, through attenuate, from
// an earlier record; a delegation the depth limit refuses becomes a fresh grant instead.
const forestArb = fc
  .array(fc.option(fc.nat(), { freq: 5 }), { minLength: 1, maxLength: 40 })
  .map((parents) => {
    const records: Capability[] = [];
    for (const [i, pick] of parents.entries()) {
      const grant = { ...cap(i + 1), resource: pattern(i % 2 === 0 ? 'fs:**' : 'fs:src/**') };
      const parent = pick === null || i === 0 ? undefined : records[pick % i];
      const result =
        parent === undefined
          ? undefined
          : attenuate(
              parent,
              {
                resource: parent.resource,
                rights: parent.rights,
                expiresAt: null,
                delegable: true,
              },
              { now: NOW },
            );
      records.push(
        result?.ok === true
          ? {
              ...grant,
              resource: result.value.resource,
              parentId: result.value.parentId,
              depth: result.value.depth,
            }
          : grant,
      );
    }
    return records;
  });

// The oracle: walk each record's parent chain (slow, obviously right).
function inTreeOf(records: readonly Capability[], rootId: CapabilityId): Set<CapabilityId> {
  const byId = new Map(records.map((r) => [r.id, r]));
  const tree = new Set<CapabilityId>();
  for (const record of records) {
    for (let at: Capability | undefined = record; at !== undefined;) {
      if (at.id === rootId) {
        tree.add(record.id);
        break;
      }
      at = at.parentId === null ? undefined : byId.get(at.parentId);
    }
  }
  return tree;
}

function revoke(records: readonly Capability[], rootId: CapabilityId, at: number): Capability[] {
  const doomed = new Set([rootId, ...descendantsOf(records, rootId)]);
  return records.map((r) => (doomed.has(r.id) ? { ...r, revokedAt: at } : r));
}

const caseArb = forestArb.chain((records) =>
  fc.tuple(fc.constant(records), fc.constantFrom(...records.map((r) => r.id))),
);

describe('revocation properties', () => {
  it('lists exactly the records whose parent chain reaches the root, each once', () => {
    fc.assert(
      fc.property(caseArb, ([records, rootId]) => {
        const found = descendantsOf(records, rootId);
        const expected = inTreeOf(records, rootId);
        expected.delete(rootId);
        expect(new Set(found).size).toBe(found.length);
        expect(new Set(found)).toStrictEqual(expected);
      }),
      { numRuns: 1_000 },
    );
  });

  it('leaves no record of the revoked tree live and every record outside it untouched', () => {
    fc.assert(
      fc.property(caseArb, fc.nat({ max: 5_000 }), ([records, rootId], later) => {
        const tree = inTreeOf(records, rootId);
        const after = revoke(records, rootId, NOW);
        for (const [i, record] of after.entries()) {
          if (tree.has(record.id)) expect(isLive(record, NOW + later)).toBe(false);
          else expect(record).toBe(records[i]);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('lets no decision rest on a record of the revoked tree', () => {
    const checkArb: fc.Arbitrary<Check> = fc.record({
      resource: fc.constantFrom('.', 'src', 'src/a.ts', 'lib/b.ts').map((path) => ({
        kind: 'fs' as const,
        path,
      })),
      right: fc.constantFrom(...RESOURCE_CATALOG.fs.rights),
      callHash: fc.constant('call'),
      now: fc.integer({ min: NOW, max: NOW + 5_000 }),
    });
    fc.assert(
      fc.property(caseArb, checkArb, ([records, rootId], check) => {
        const tree = inTreeOf(records, rootId);
        const { record } = decide(revoke(records, rootId, NOW), check);
        if (record !== null) expect(tree.has(record.id)).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('walks a 20,000-record chain and a 20,000-child fan-out without recursing', () => {
    const wide = [cap(1), ...Array.from({ length: 20_000 }, (_, i) => cap(i + 2, 1))];
    expect(descendantsOf(wide, capId(1))).toHaveLength(20_000);
    const deep = Array.from({ length: 20_000 }, (_, i) => cap(i + 1, i === 0 ? null : i));
    expect(descendantsOf(deep, capId(1))).toHaveLength(19_999);
  });
});
