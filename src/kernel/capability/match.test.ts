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
    ['net:https://example.com/**', { kind: 'net', path: 'https://example.com/a/b' }, true],
    ['net:https://example.com/**', { kind: 'net', path: 'https://example.com/' }, true],
    ['net:https://example.com:443/**', { kind: 'net', path: 'https://example.com/a' }, true],
    ['net:https://example.com/**', { kind: 'net', path: 'https://example.com:8443/a' }, false],
    ['net:https://example.com/**', { kind: 'net', path: 'http://example.com/a' }, false],
    ['net:https://example.com/**', { kind: 'net', path: 'https://example.com.evil/a' }, false],
    ['net:https://example.com/docs/**', { kind: 'net', path: 'https://example.com/docs' }, true],
    ['net:https://example.com/docs/**', { kind: 'net', path: 'https://example.com/docs2' }, false],
    ['net:https://example.com/docs', { kind: 'net', path: 'https://example.com/docs/a' }, false],
    ['net:*', { kind: 'net', path: 'http://127.0.0.1/x' }, true],
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

describe('.git internals need an explicit grant', () => {
  it.each([
    ['fs:**', '.git/config', false],
    ['fs:**', '.git', false],
    ['fs:**', 'sub/.git/HEAD', false],
    ['fs:**', '.GIT/config', false],
    ['fs:**', '.gitignore', true],
    ['fs:**', 'a.git/x', true],
    ['fs:**', 'git/config', true],
    ['fs:sub/**', 'sub/.git/HEAD', false],
    ['fs:sub/**', 'sub/.git', false],
    ['fs:sub/**', 'sub/x/.git/hooks/pre-commit', false],
    ['fs:.git/**', '.git/config', true],
    ['fs:.git/**', '.git', true],
    ['fs:.git/**', '.git/hooks/pre-commit', true],
    ['fs:.git/**', '.git/modules/m/.git/config', false],
    ['fs:.git/config', '.git/config', true],
    ['fs:.git/config', '.git/HEAD', false],
    ['fs:sub/.git/**', 'sub/.git/HEAD', true],
    ['fs:sub/.git/**', '.git/HEAD', false],
    ['fs:sub/.git/HEAD', 'sub/.git/HEAD', true],
  ] as const)('%s covering fs:%s is %s', (text, path, expected) => {
    expect(covers(pattern(text), fs(path))).toBe(expected);
  });

  it('applies only to fs: other kinds may name .git freely', () => {
    expect(covers(pattern('object:**'), { kind: 'object', path: 'ns/.git/x' })).toBe(true);
    expect(covers(pattern('mcp:**'), { kind: 'mcp', path: 'srv/.git' })).toBe(true);
  });

  it.each([
    ['fs:**', 'fs:.git/**', false],
    ['fs:**', 'fs:.git/config', false],
    ['fs:**', 'fs:sub/.git/**', false],
    ['fs:sub/**', 'fs:sub/.git/HEAD', false],
    ['fs:**', 'fs:sub/**', true],
    ['fs:.git/**', 'fs:.git/hooks/**', true],
    ['fs:.git/**', 'fs:.git/config', true],
    ['fs:.git/**', 'fs:.git/m/.git/**', false],
  ] as const)('%s containing %s is %s (delegation cannot reach inside .git)', (a, b, expected) => {
    expect(contains(pattern(a), pattern(b))).toBe(expected);
  });

  it.each([
    ['fs:**', 'fs:.git/**', false],
    ['fs:**', 'fs:.git/config', false],
    ['fs:sub/**', 'fs:sub/.git/**', false],
    ['fs:sub/**', 'fs:sub/.git/HEAD', false],
    ['fs:.git/**', 'fs:.git/config', true],
    ['fs:sub/**', 'fs:sub/a/**', true],
  ] as const)('%s and %s overlapping is %s, both ways', (a, b, expected) => {
    expect(overlaps(pattern(a), pattern(b))).toBe(expected);
    expect(overlaps(pattern(b), pattern(a))).toBe(expected);
  });

  // The algebra stays exact over a universe with .git segments: every path to depth 4 over
  // a, .git and b.
  const GIT_SEGMENTS = ['a', '.git', 'b'] as const;
  const gitPaths = (depth: number): string[] => {
    const out = ['.'];
    let level: string[] = [...GIT_SEGMENTS];
    for (let d = 1; d <= depth; d++) {
      out.push(...level);
      level = level.flatMap((p) => GIT_SEGMENTS.map((s) => `${p}/${s}`));
    }
    return out;
  };
  const gitUniverse = gitPaths(4).map((path): ConcreteResource => ({ kind: 'fs', path }));
  const gitPathArb = fc
    .array(fc.constantFrom(...GIT_SEGMENTS), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.join('/'));
  const gitPatternArb: fc.Arbitrary<ResourcePattern> = fc.oneof(
    fc.constant<ResourcePattern>({ kind: 'fs', match: 'any' }),
    fc
      .oneof(gitPathArb, fc.constant('.'))
      .map((path): ResourcePattern => ({ kind: 'fs', match: 'exact', path })),
    gitPathArb.map((path): ResourcePattern => ({ kind: 'fs', match: 'subtree', path })),
  );

  it('keeps contains exact: true iff every resource b covers is covered by a', () => {
    fc.assert(
      fc.property(gitPatternArb, gitPatternArb, (a, b) => {
        const semantic = gitUniverse.every((r) => !covers(b, r) || covers(a, r));
        expect(contains(a, b)).toBe(semantic);
      }),
      { numRuns: 1_000 },
    );
  });

  it('keeps overlaps exact: true iff some resource is covered by both', () => {
    fc.assert(
      fc.property(gitPatternArb, gitPatternArb, (a, b) => {
        const semantic = gitUniverse.some((r) => covers(a, r) && covers(b, r));
        expect(overlaps(a, b)).toBe(semantic);
      }),
      { numRuns: 1_000 },
    );
  });

  it.each([
    ['fs:**', '.git/hooks/pre-commit'],
    ['fs:**', 'sub/.git/HEAD'],
    ['fs:sub/**', 'sub/.git/HEAD'],
    ['fs:**', '.GIT/config'],
  ] as const)(
    'lets a deny or ask on %s reach fs:%s (the carve-out narrows only allows)',
    (text, path) => {
      expect(covers(pattern(text), fs(path), { effect: 'deny' })).toBe(true);
      expect(covers(pattern(text), fs(path), { effect: 'ask' })).toBe(true);
      expect(covers(pattern(text), fs(path), { effect: 'allow' })).toBe(false);
    },
  );

  it('keeps overlaps exact for a restrictive first pattern: a deny overlaps an allow iff some resource the deny covers is one the allow covers', () => {
    fc.assert(
      fc.property(gitPatternArb, gitPatternArb, (deny, allow) => {
        const semantic = gitUniverse.some(
          (r) => covers(deny, r, { effect: 'deny' }) && covers(allow, r),
        );
        expect(overlaps(deny, allow, { effect: 'deny' })).toBe(semantic);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never lets a pattern without a .git segment cover a path with one', () => {
    fc.assert(
      fc.property(gitPatternArb, fc.constantFrom(...gitUniverse), (p, r) => {
        const patternHasGit = p.match !== 'any' && p.path.split('/').includes('.git');
        if (!patternHasGit && r.path.split('/').includes('.git')) expect(covers(p, r)).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });
});
