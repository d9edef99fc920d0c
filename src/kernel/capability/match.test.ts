// Tests for the pattern algebra: covers, contains, overlaps and the index keys a lookup uses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResourceKind } from './catalog.js';
import { contains, covers, isUnder, lookupKeys, overlaps } from './match.js';
import { parseResource, type ResourcePattern } from './resource.js';
import type { ConcreteResource } from './types.js';

function pattern(text: string): ResourcePattern {
  const parsed = parseResource(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

function fs(path: string): ConcreteResource {
  return { kind: 'fs', path };
}

describe('isUnder', () => {
  it.each([
    ['src', 'src', true],
    ['src/a.ts', 'src', true],
    ['src/a/b', 'src', true],
    ['src2/a.ts', 'src', false],
    ['sr', 'src', false],
    ['src', 'src/a', false],
    ['.', 'src', false],
    ['anything', '.', true],
    ['.', '.', true],
  ] as const)('%s under %s is %s', (path, root, expected) => {
    expect(isUnder(path, root)).toBe(expected);
  });
});

describe('covers', () => {
  it.each([
    ['fs:src/**', fs('src/a.ts'), true],
    ['fs:src/**', fs('src/a/b/c.ts'), true],
    ['fs:src/**', fs('src'), true],
    ['fs:src/**', fs('src2/a.ts'), false],
    ['fs:src/**', fs('src2'), false],
    ['fs:src/**', fs('sr'), false],
    ['fs:src/**', fs('.'), false],
    ['fs:src/a/**', fs('src'), false],
    ['fs:src/a.ts', fs('src/a.ts'), true],
    ['fs:src/a.ts', fs('src/a.tsx'), false],
    ['fs:src/a.ts', fs('src/a.ts/b'), false],
    ['fs:src', fs('src/a.ts'), false],
    ['fs:src', fs('src'), true],
    ['fs:.', fs('.'), true],
    ['fs:.', fs('a'), false],
    ['fs:**', fs('.'), true],
    ['fs:**', fs('deep/down/file'), true],
    ['shell:*', { kind: 'shell', path: 'rm' }, true],
    ['shell:git', { kind: 'shell', path: 'git' }, true],
    ['shell:git', { kind: 'shell', path: 'gitk' }, false],
    ['net:example.com:443', { kind: 'net', path: 'example.com:443' }, true],
    ['net:example.com:443', { kind: 'net', path: 'example.com:80' }, false],
    ['object:ns/team/**', { kind: 'object', path: 'ns/team/notes' }, true],
    ['object:ns/team/**', { kind: 'object', path: 'ns/teams/notes' }, false],
  ] as const)('%s covering %j is %s', (text, resource, expected) => {
    expect(covers(pattern(text), resource)).toBe(expected);
  });

  it.each([
    ['fs:**', { kind: 'object', path: 'src' }],
    ['object:**', { kind: 'fs', path: 'src' }],
    ['shell:*', { kind: 'net', path: 'rm' }],
    ['net:*', { kind: 'shell', path: 'example.com' }],
    ['fs:src/**', { kind: 'mcp', path: 'src/a' }],
    ['mcp:github/create', { kind: 'model', path: 'github/create' }],
  ] as const)('never lets %s cover a %j of another kind', (text, resource) => {
    expect(covers(pattern(text), resource)).toBe(false);
  });
});

describe('contains', () => {
  it.each([
    ['fs:**', 'fs:**', true],
    ['fs:**', 'fs:src/**', true],
    ['fs:**', 'fs:.', true],
    ['fs:src/**', 'fs:src/**', true],
    ['fs:src/**', 'fs:src/a/**', true],
    ['fs:src/**', 'fs:src/a.ts', true],
    ['fs:src/**', 'fs:src', true],
    ['fs:src/**', 'fs:**', false],
    ['fs:src/**', 'fs:src2/**', false],
    ['fs:src/**', 'fs:src2', false],
    ['fs:src/**', 'fs:.', false],
    ['fs:src/a/**', 'fs:src/**', false],
    ['fs:src/a.ts', 'fs:src/a.ts', true],
    ['fs:src', 'fs:src/**', false],
    ['fs:src/a.ts', 'fs:src/b.ts', false],
    ['fs:src/a.ts', 'fs:**', false],
    ['shell:*', 'shell:git', true],
    ['shell:*', 'shell:*', true],
    ['shell:git', 'shell:*', false],
    ['shell:git', 'shell:git', true],
    ['fs:**', 'object:src/**', false],
    ['object:**', 'fs:a', false],
    ['shell:*', 'net:*', false],
  ])('%s containing %s is %s', (outer, inner, expected) => {
    expect(contains(pattern(outer), pattern(inner))).toBe(expected);
  });
});

describe('overlaps', () => {
  it.each([
    ['fs:**', 'fs:a', true],
    ['fs:src/**', 'fs:src/a/**', true],
    ['fs:src/**', 'fs:src', true],
    ['fs:src/**', 'fs:src/a.ts', true],
    ['fs:src/**', 'fs:src2/**', false],
    ['fs:src/**', 'fs:sr', false],
    ['fs:src/a/**', 'fs:src', false],
    ['fs:a', 'fs:a', true],
    ['fs:a', 'fs:b', false],
    ['shell:*', 'shell:git', true],
    ['shell:git', 'shell:gitk', false],
    ['fs:**', 'object:**', false],
    ['shell:*', 'net:*', false],
  ])('%s and %s overlapping is %s, both ways', (a, b, expected) => {
    expect(overlaps(pattern(a), pattern(b))).toBe(expected);
    expect(overlaps(pattern(b), pattern(a))).toBe(expected);
  });
});

describe('lookupKeys', () => {
  it.each([
    ['src/a/b.ts', { exact: 'src/a/b.ts', subtrees: ['src/a/b.ts', 'src/a', 'src', '.'] }],
    ['src', { exact: 'src', subtrees: ['src', '.'] }],
    ['.', { exact: '.', subtrees: ['.'] }],
  ])('lists the exact key and every ancestor subtree of %s, nearest first', (path, keys) => {
    expect(lookupKeys(fs(path))).toStrictEqual(keys);
  });

  it('finds a record holding a subtree at the root, which parsing never produces', () => {
    const root: ResourcePattern = { kind: 'fs', match: 'subtree', path: '.' };
    for (const path of ['.', 'a', 'a/b']) {
      expect(covers(root, fs(path))).toBe(true);
      expect(lookupKeys(fs(path)).subtrees).toContain('.');
    }
  });
});

// A small universe so random patterns often relate: segments a, b, c; depth up to 3 in patterns
// and up to 4 in concrete resources, so every difference between two patterns has a witness.
const SEGMENTS = ['a', 'b', 'c'] as const;
const KINDS = ['fs', 'object', 'shell'] as const satisfies readonly ResourceKind[];

const pathArb = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength })
    .map((parts) => parts.join('/'));

const patternArb: fc.Arbitrary<ResourcePattern> = fc.constantFrom(...KINDS).chain((kind) =>
  kind === 'shell'
    ? fc.oneof(
        fc.constant<ResourcePattern>({ kind, match: 'any' }),
        fc
          .constantFrom(...SEGMENTS)
          .map((path): ResourcePattern => ({ kind, match: 'exact', path })),
      )
    : fc.oneof(
        fc.constant<ResourcePattern>({ kind, match: 'any' }),
        fc
          .oneof(pathArb(3), fc.constant('.'))
          .map((path): ResourcePattern => ({ kind, match: 'exact', path })),
        pathArb(3).map((path): ResourcePattern => ({ kind, match: 'subtree', path })),
      ),
);

function allPaths(depth: number): string[] {
  const out = ['.'];
  let level: string[] = [...SEGMENTS];
  for (let d = 1; d <= depth; d++) {
    out.push(...level);
    level = level.flatMap((p) => SEGMENTS.map((s) => `${p}/${s}`));
  }
  return out;
}

const UNIVERSE: ConcreteResource[] = [
  ...allPaths(4).flatMap((path) => [
    { kind: 'fs' as const, path },
    { kind: 'object' as const, path },
  ]),
  ...SEGMENTS.map((path) => ({ kind: 'shell' as const, path })),
  { kind: 'shell', path: 'd' },
];

const resourceArb = fc.constantFrom(...UNIVERSE);

describe('pattern algebra properties', () => {
  it('has a universe of every path to depth 4 for the path kinds', () => {
    expect(allPaths(4)).toHaveLength(1 + 3 + 9 + 27 + 81);
    expect(UNIVERSE).toHaveLength(2 * 121 + 4);
  });

  it('covers through containment: contains(a, b) and covers(b, r) imply covers(a, r)', () => {
    fc.assert(
      fc.property(patternArb, patternArb, resourceArb, (a, b, r) => {
        if (contains(a, b) && covers(b, r)) expect(covers(a, r)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('decides contains exactly: true iff every resource b covers is covered by a', () => {
    fc.assert(
      fc.property(patternArb, patternArb, (a, b) => {
        const semantic = UNIVERSE.every((r) => !covers(b, r) || covers(a, r));
        expect(contains(a, b)).toBe(semantic);
      }),
      { numRuns: 1_000 },
    );
  });

  it('decides overlaps exactly: true iff some resource is covered by both', () => {
    fc.assert(
      fc.property(patternArb, patternArb, (a, b) => {
        const semantic = UNIVERSE.some((r) => covers(a, r) && covers(b, r));
        expect(overlaps(a, b)).toBe(semantic);
      }),
      { numRuns: 1_000 },
    );
  });

  it('makes overlaps symmetric and implied by contains', () => {
    fc.assert(
      fc.property(patternArb, patternArb, (a, b) => {
        expect(overlaps(a, b)).toBe(overlaps(b, a));
        if (contains(a, b)) expect(overlaps(a, b)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('makes contains reflexive and transitive', () => {
    fc.assert(
      fc.property(patternArb, patternArb, patternArb, (a, b, c) => {
        expect(contains(a, a)).toBe(true);
        if (contains(a, b) && contains(b, c)) expect(contains(a, c)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('finds every covering record through lookupKeys (the store index is complete)', () => {
    const anyPatternArb = fc.oneof(
      patternArb,
      fc.constantFrom(...KINDS).map((kind): ResourcePattern => ({
        kind,
        match: 'subtree',
        path: '.',
      })),
    );
    fc.assert(
      fc.property(anyPatternArb, resourceArb, (p, r) => {
        if (!covers(p, r)) return;
        const keys = lookupKeys(r);
        const findable =
          p.match === 'any' ||
          (p.match === 'exact' && p.path === keys.exact) ||
          (p.match === 'subtree' && keys.subtrees.includes(p.path));
        expect(findable).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('names in lookupKeys only subtrees and an exact path that cover the resource', () => {
    fc.assert(
      fc.property(resourceArb, (r) => {
        const keys = lookupKeys(r);
        expect(covers({ kind: r.kind, match: 'exact', path: keys.exact }, r)).toBe(true);
        for (const path of keys.subtrees) {
          expect(covers({ kind: r.kind, match: 'subtree', path }, r)).toBe(true);
        }
      }),
    );
  });
});
