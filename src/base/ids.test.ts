// Tests for branded ids: generated ids parse, malformed ones are rejected with INVALID_ID.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLibosError, type LibosError } from './errors.js';
import {
  createRandomIdSource,
  createSequentialIdSource,
  ID_PREFIXES,
  isId,
  parseId,
  type IdKind,
} from './ids.js';

const KINDS = Object.keys(ID_PREFIXES) as IdKind[];

/** Runs `parseId` expecting INVALID_ID and returns the error. */
function parseFailure(kind: IdKind, value: unknown): LibosError {
  try {
    parseId(kind, value);
  } catch (error) {
    if (isLibosError(error, 'INVALID_ID')) return error;
    throw error;
  }
  throw new Error(`parseId accepted ${String(value)}`);
}

describe('generated ids', () => {
  it.each(KINDS)('parses random %s ids back to themselves', (kind) => {
    const ids = createRandomIdSource();
    const id = ids.next(kind);
    expect(id.startsWith(ID_PREFIXES[kind])).toBe(true);
    expect(parseId(kind, id)).toBe(id);
    expect(isId(kind, id)).toBe(true);
  });

  it('never repeats a random part within one millisecond, across many refills of its pool', () => {
    const ids = createRandomIdSource(() => 1_700_000_000_000);
    const parts = new Set<string>();
    for (let i = 0; i < 5_000; i++) parts.add(ids.next('process').slice(-10));
    expect(parts.size).toBe(5_000);
    // Every base-36 digit turns up in every position after the first (the top digit of 64 bits
    // in base 36 is 0-3): the parts are spread, not counted.
    for (let position = 1; position < 10; position++)
      expect(new Set([...parts].map((p) => p[position])).size).toBe(36);
  });

  it.each(KINDS)('parses sequential %s ids back to themselves', (kind) => {
    const id = createSequentialIdSource().next(kind);
    expect(id).toBe(`${ID_PREFIXES[kind]}00000001`);
    expect(parseId(kind, id)).toBe(id);
  });

  it('parses random ids made at any time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.nat({ max: 2 ** 50 }), (kind, at) => {
        const id = createRandomIdSource(() => at).next(kind);
        expect(parseId(kind, id)).toBe(id);
      }),
    );
  });

  it('orders random ids by the time they were made', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 50 }), fc.nat({ max: 2 ** 50 }), (t1, t2) => {
        fc.pre(t1 < t2);
        const early = createRandomIdSource(() => t1).next('process');
        const late = createRandomIdSource(() => t2).next('process');
        expect(early < late).toBe(true);
      }),
    );
  });

  it('does not repeat random ids made in the same millisecond', () => {
    const ids = createRandomIdSource(() => 1_700_000_000_000);
    const made = new Set(Array.from({ length: 1_000 }, () => ids.next('object')));
    expect(made.size).toBe(1_000);
  });

  it('makes the same sequence from every sequential source', () => {
    const run = (): string[] => {
      const ids = createSequentialIdSource();
      return [ids.next('process'), ids.next('capability'), ids.next('process')];
    };
    expect(run()).toEqual(['proc_00000001', 'cap_00000001', 'proc_00000002']);
    expect(run()).toEqual(run());
  });

  it('counts each kind separately in a sequential source', () => {
    const ids = createSequentialIdSource();
    ids.next('process');
    ids.next('process');
    expect(ids.next('message')).toBe('msg_00000001');
    expect(ids.next('process')).toBe('proc_00000003');
  });
});

describe('parseId', () => {
  it('rejects an id of another kind and says what was expected', () => {
    const capability = createSequentialIdSource().next('capability');
    const error = parseFailure('process', capability);
    expect(error.message).toBe(
      'Parsing an id of kind process failed: "cap_00000001" is not of the form proc_…',
    );
    expect(error.details).toEqual({ kind: 'process' });
  });

  it.each([
    ['an empty body', 'proc_'],
    ['a body that is too short', 'proc_abc1234'],
    ['a body that is too long', `proc_${'a'.repeat(41)}`],
    ['upper-case letters', 'proc_ABCDEFGH'],
    ['punctuation', 'proc_abcd-efgh'],
    ['a leading space', ' proc_00000001'],
    ['a trailing newline', 'proc_00000001\n'],
    ['a doubled prefix', 'proc_proc_00000001'],
    ['no prefix', '00000001'],
    ['an empty string', ''],
  ])('rejects %s', (_what, value) => {
    const error = parseFailure('process', value);
    expect(error.message).toMatch(/^Parsing an id of kind process failed: /);
    expect(isId('process', value)).toBe(false);
  });

  it.each([
    ['number', 42],
    ['object', null],
    ['undefined', undefined],
    ['object', { id: 'proc_00000001' }],
    ['object', ['proc_00000001']],
    ['boolean', true],
  ])('rejects a non-string (%s) and names its type', (type, value) => {
    const error = parseFailure('process', value);
    expect(error.message).toBe(
      `Parsing an id of kind process failed: ${type} is not of the form proc_…`,
    );
  });

  it('shows at most a short prefix of a long bad value', () => {
    const error = parseFailure('object', 'x'.repeat(10_000));
    expect(error.message.length).toBeLessThan(150);
  });

  it('rejects arbitrary strings that lack the prefix', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.string(), (kind, value) => {
        fc.pre(!value.startsWith(ID_PREFIXES[kind]));
        expect(parseFailure(kind, value).code).toBe('INVALID_ID');
      }),
    );
  });
});
