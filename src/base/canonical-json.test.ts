// Tests for canonical JSON: stable output for equal values, round trips, and typed rejections.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { isLibosError } from './errors.js';

/** A deep copy of `value` whose objects list their keys in reverse insertion order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) {
    Object.defineProperty(out, key, {
      value: reverseKeys((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Asserts that serialising `value` fails with INVALID_INPUT and a message naming the attempt. */
function expectRejected(value: unknown, what: string | RegExp): void {
  let caught: unknown;
  try {
    canonicalJson(value);
  } catch (error) {
    caught = error;
  }
  expect(isLibosError(caught, 'INVALID_INPUT')).toBe(true);
  const message = (caught as Error).message;
  expect(message).toMatch(/^Serialising a value to canonical JSON failed: it contains /);
  if (typeof what === 'string') expect(message.endsWith(` ${what}`)).toBe(true);
  else expect(message).toMatch(what);
}

describe('canonicalJson', () => {
  it('sorts object keys at every depth and writes no whitespace', () => {
    const value = { b: 1, a: { d: [1, { f: 'x y', e: 2 }], c: null } };
    expect(canonicalJson(value)).toBe('{"a":{"c":null,"d":[1,{"e":2,"f":"x y"}]},"b":1}');
  });

  it('sorts integer-like keys as strings, by code unit', () => {
    expect(canonicalJson({ b: 0, a: 0, '10': 0, '9': 0, B: 0, é: 0 })).toBe(
      '{"10":0,"9":0,"B":0,"a":0,"b":0,"é":0}',
    );
  });

  it('writes scalars as JSON does', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(false)).toBe('false');
    expect(canonicalJson(-1.5e-7)).toBe('-1.5e-7');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson('line\n"quoted"\u2028')).toBe(JSON.stringify('line\n"quoted"\u2028'));
  });

  it('drops undefined object members and writes undefined array items as null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('accepts a value shared twice without being a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared, shared] })).toBe(
      '{"a":{"x":1},"b":[{"x":1},{"x":1}]}',
    );
  });

  it('writes a __proto__ key like any other key', () => {
    const value: unknown = JSON.parse('{"z":1,"__proto__":{"polluted":true}}');
    expect(canonicalJson(value)).toBe('{"__proto__":{"polluted":true},"z":1}');
  });

  it('round trips every JSON value through JSON.parse to the same text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('produces JSON that parses back to the value it was given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('does not depend on the order in which object keys were inserted', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(reverseKeys(value))).toBe(canonicalJson(value));
      }),
    );
  });

  it('gives the same text for any permutation of an object’s keys', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string(), fc.jsonValue()), { selector: ([k]) => k }),
        fc.nat(),
        (entries, seed) => {
          const rotated = entries.map((_, i) => entries[(i + seed) % entries.length]!);
          const build = (list: typeof entries): Record<string, unknown> => {
            const out: Record<string, unknown> = {};
            for (const [k, v] of list) {
              Object.defineProperty(out, k, { value: v, enumerable: true });
            }
            return out;
          };
          expect(canonicalJson(build(rotated))).toBe(canonicalJson(build(entries)));
        },
      ),
    );
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('rejects %s with INVALID_INPUT', (_name, bad) => {
    expectRejected(bad, 'a non-finite number');
    expectRejected({ a: [1, { b: bad }] }, 'a non-finite number');
  });

  it('rejects a non-finite number hidden anywhere in a JSON value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 5 }),
        fc.nat(),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        (items, at, bad) => {
          const nested = { outer: items.toSpliced(at % (items.length + 1), 0, bad) };
          expectRejected(nested, 'a non-finite number');
        },
      ),
    );
  });

  it('rejects an object that contains itself', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expectRejected(cyclic, 'a cycle');
  });

  it('rejects an array that contains itself', () => {
    const cyclic: unknown[] = [1];
    cyclic.push([cyclic]);
    expectRejected(cyclic, 'a cycle');
  });

  it('rejects an indirect cycle through several objects', () => {
    const a: Record<string, unknown> = {};
    const b: Record<string, unknown> = { a };
    a.list = [{ b }];
    expectRejected({ root: a }, 'a cycle');
  });

  it('rejects functions, at the top and nested', () => {
    expectRejected(() => 1, 'of type function');
    expectRejected({ run: () => 1 }, 'of type function');
    expectRejected([() => 1], 'of type function');
  });

  it('rejects bigints, at the top and nested', () => {
    expectRejected(10n, 'of type bigint');
    expectRejected({ n: [10n] }, 'of type bigint');
  });

  it('rejects symbols and a bare undefined', () => {
    expectRejected(Symbol('s'), 'of type symbol');
    expectRejected(undefined, /contains a value of type undefined$/);
  });
});

describe('canonicalJson on values JSON cannot hold', () => {
  it('writes holes in sparse arrays as null, as JSON.stringify does', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(canonicalJson([1, , 2])).toBe('[1,null,2]');
  });

  it('rejects Dates, Maps, Sets and class instances instead of hashing them all as {}', () => {
    for (const value of [
      new Date(0),
      new Map([[1, 2]]),
      new Set([1]),
      new (class X {
        readonly x = 1;
      })(),
    ]) {
      expect(() => canonicalJson({ value })).toThrow(/non-plain object/);
    }
  });
});
