// Tests for parsing, normalising and formatting resource patterns and rights lists.
import { findHiddenCharacter } from '../../base/find-hidden-character.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESOURCE_CATALOG, RESOURCE_KINDS, type ResourceKind } from './catalog.js';
import {
  formatResource,
  normalizePath,
  parseResource,
  parseRights,
  type ResourcePattern,
} from './resource.js';

// A sample exact name for each kind, as ARCHITECTURE §3 writes them.
const EXACT_SAMPLES: Record<ResourceKind, string> = {
  fs: 'src/a.ts',
  shell: 'git',
  net: 'https://example.com/a/b',
  object: 'obj_00000001',
  human: 'owner',
  process: 'spawn',
  image: 'img_base@1',
  tool: 'register',
  clock: 'sleep',
  checkpoint: 'process/proc_00000001',
  mcp: 'github/create_issue',
  model: 'anthropic/claude',
  skill: 'pdf-forms',
  exit: 'fs/public/a.txt',
};

const PATH_KINDS = RESOURCE_KINDS.filter((k) => RESOURCE_CATALOG[k].patterns === 'path');
const ANY_KINDS = RESOURCE_KINDS.filter(
  (k) =>
    RESOURCE_CATALOG[k].patterns === 'name-or-any' ||
    RESOURCE_CATALOG[k].patterns === 'argv' ||
    RESOURCE_CATALOG[k].patterns === 'url',
);
const EXACT_KINDS = RESOURCE_KINDS.filter((k) => RESOURCE_CATALOG[k].patterns !== 'argv');
const NAME_KINDS = RESOURCE_KINDS.filter(
  (k) => RESOURCE_CATALOG[k].patterns !== 'path' && RESOURCE_CATALOG[k].patterns !== 'url',
);
const STAR_REJECTING_KINDS = RESOURCE_KINDS.filter((k) => !ANY_KINDS.includes(k));

function reasonOf(text: string): string {
  const parsed = parseResource(text);
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
  return parsed.reason;
}

describe('parseResource accepts', () => {
  it('spells out which kinds take paths and which take names', () => {
    expect(PATH_KINDS).toStrictEqual(['fs', 'object', 'checkpoint', 'mcp', 'model', 'exit']);
    expect(ANY_KINDS).toStrictEqual(['shell', 'net', 'tool', 'skill']);
  });

  it.each([
    ['shell:git', 'git'],
    ['shell:git/status', 'git/status'],
    ['shell:npm/run/test', 'npm/run/test'],
  ])('the argv prefix %s as a subtree of commands', (text, path) => {
    expect(parseResource(text)).toStrictEqual({
      ok: true,
      value: { kind: 'shell', match: 'subtree', path },
    });
    expect(formatResource({ kind: 'shell', match: 'subtree', path })).toBe(text);
  });

  it.each(EXACT_KINDS)('an exact %s pattern', (kind) => {
    const path = EXACT_SAMPLES[kind];
    expect(parseResource(`${kind}:${path}`)).toStrictEqual({
      ok: true,
      value: { kind, match: 'exact', path },
    });
  });

  it.each(PATH_KINDS)('a trailing /** on a %s path as a subtree', (kind) => {
    expect(parseResource(`${kind}:dir/sub/**`)).toStrictEqual({
      ok: true,
      value: { kind, match: 'subtree', path: 'dir/sub' },
    });
  });

  it.each(PATH_KINDS)('a lone ** for %s as the whole namespace', (kind) => {
    expect(parseResource(`${kind}:**`)).toStrictEqual({ ok: true, value: { kind, match: 'any' } });
  });

  it.each(ANY_KINDS)('a lone * for %s as any name', (kind) => {
    expect(parseResource(`${kind}:*`)).toStrictEqual({ ok: true, value: { kind, match: 'any' } });
  });

  it('the object namespace form ns/<namespace>/**', () => {
    expect(parseResource('object:ns/team/**')).toStrictEqual({
      ok: true,
      value: { kind: 'object', match: 'subtree', path: 'ns/team' },
    });
  });

  it.each([
    ['net:https://example.com/a', 'exact', 'https://example.com/a'],
    ['net:https://example.com:443/a', 'exact', 'https://example.com/a'],
    ['net:HTTPS://Example.COM/a', 'exact', 'https://example.com/a'],
    ['net:https://example.com./a', 'exact', 'https://example.com/a'],
    ['net:http://db.internal:5432/', 'exact', 'http://db.internal:5432/'],
    ['net:https://example.com/**', 'subtree', 'https://example.com'],
    ['net:https://example.com/docs/**', 'subtree', 'https://example.com/docs'],
    ['net:https://example.com/%61pi/**', 'subtree', 'https://example.com/api'],
    ['net:https://example.com/a/../b', 'exact', 'https://example.com/b'],
    ['net:http://2130706433:8080/**', 'subtree', 'http://127.0.0.1:8080'],
    ['net:http://[::ffff:127.0.0.1]/x', 'exact', 'http://[::ffff:7f00:1]/x'],
    ['net:http://0x7f.1/x', 'exact', 'http://127.0.0.1/x'],
  ] as const)('the net URL pattern %s in canonical form', (text, match, path) => {
    expect(parseResource(text)).toStrictEqual({ ok: true, value: { kind: 'net', match, path } });
  });

  it.each([
    ['fs:./src//a.ts', { kind: 'fs', match: 'exact', path: 'src/a.ts' }],
    ['fs:src/', { kind: 'fs', match: 'exact', path: 'src' }],
    ['fs:.', { kind: 'fs', match: 'exact', path: '.' }],
    ['fs:a/..', { kind: 'fs', match: 'exact', path: '.' }],
    ['fs:src//**', { kind: 'fs', match: 'subtree', path: 'src' }],
    ['fs:./src/../lib/**', { kind: 'fs', match: 'subtree', path: 'lib' }],
    ['fs:./**', { kind: 'fs', match: 'any' }],
    ['fs:a/../**', { kind: 'fs', match: 'any' }],
  ] as const)('%s in normal form', (text, value) => {
    expect(parseResource(text)).toStrictEqual({ ok: true, value });
  });
});

describe('parseResource rejects', () => {
  it.each([
    ['*', /bare wildcard names no resource kind/],
    [' * ', /bare wildcard names no resource kind/],
    ['**', /bare wildcard names no resource kind/],
    ['src/a.ts', /is not of the form kind:pattern/],
    [':src/a.ts', /is not of the form kind:pattern/],
    ['', /is not of the form kind:pattern/],
    ['files:src/a.ts', /unknown resource kind "files"/],
    ['FS:src/a.ts', /unknown resource kind "FS"/],
    ['fs:', /the pattern is empty/],
    ['fs:src/*.ts', /wildcards are allowed only as a trailing \/\*\*/],
    ['fs:src/**/a', /wildcards are allowed only as a trailing \/\*\*/],
    ['fs:src/**/', /wildcards are allowed only as a trailing \/\*\*/],
    ['fs:**/**', /wildcards are allowed only as a trailing \/\*\*/],
    ['fs:a*b', /wildcards are allowed only as a trailing \/\*\*/],
    ['fs:?', /wildcards are allowed only as a trailing \/\*\*/],
    ['fs:[', /wildcards are allowed only as a trailing \/\*\*/],
    ['fs:{', /wildcards are allowed only as a trailing \/\*\*/],
    ['fs:../x', /must be relative, normalised and stay inside its root/],
    ['fs:a/../../x', /must be relative, normalised and stay inside its root/],
    ['fs:../**', /must be relative, normalised and stay inside its root/],
    ['fs:/etc/passwd', /must be relative, normalised and stay inside its root/],
    ['fs:C:\\x', /must be relative, normalised and stay inside its root/],
    ['fs:C:x', /must be relative, normalised and stay inside its root/],
    ['fs:./C:/x', /must be relative, normalised and stay inside its root/],
    ['fs:x/../C:/y/**', /must be relative, normalised and stay inside its root/],
    ['fs:a\\b', /must be relative, normalised and stay inside its root/],
    ['fs:a\0b', /contains a control character \(U\+0000\)/],
    ['shell:git\0', /contains a control character \(U\+0000\)/],
    // Shown to people (approvals, tables): nothing that drives a terminal, hides or reorders text.
    ['fs:report/\u202Etxt.exe', /contains an invisible format character \(U\+202E\)/],
    ['object:ns/shared/a\u200Bb', /contains an invisible format character \(U\+200B\)/],
    ['net:example.com\u2066', /contains an invisible format character \(U\+2066\)/],
    ['human:owner\n', /contains a control character \(U\+000A\)/],
    ['process:proc_1\u001b[2K', /contains a control character \(U\+001B\)/],
    ['image:base\u0085', /contains a control character \(U\+0085\)/],
    ['tool:x\u2028', /contains a line or paragraph separator \(U\+2028\)/],
    ['fs:\ud800', /contains a lone surrogate \(U\+D800\)/],
    [`fs:${'a'.repeat(4097)}`, /too long/],
    ['shell:**', /wildcards are not allowed in shell patterns/],
    ['shell:gi?', /wildcards are not allowed in shell patterns/],
    ['shell:/usr/bin/git', /write the executable and its leading arguments/],
    ['shell:git/../rm', /write the executable and its leading arguments/],
    ['shell:git//status', /write the executable and its leading arguments/],
    ['shell:.', /write the executable and its leading arguments/],
    ['net:*.example.com', /a net pattern is \* or scheme:\/\/host/],
    ['net:example.com', /a net pattern is \* or scheme:\/\/host/],
    ['net:example.com:443', /a net pattern is \* or scheme:\/\/host/],
    ['net:ftp://example.com/**', /a net pattern is \* or scheme:\/\/host/],
    ['net:https://example.com', /name a path after the host/],
    ['net:https://*.example.com/**', /wildcards are allowed only as a trailing/],
    ['net:https://*/**', /wildcards are allowed only as a trailing/],
    ['net:https://example.com/a*/b', /wildcards are allowed only as a trailing/],
    ['net:https://example.com/**/a', /wildcards are allowed only as a trailing/],
    ['net:https://example.com/a?q=1', /no query or fragment/],
    ['net:https://example.com/a#f', /no query or fragment/],
    ['net:https://user:pw@example.com/**', /credentials/],
    ['net:https://example.com/a%2Fb', /encoded/],
    ['net:https://example.com:0/**', /port 0/],
    ['net:**', /a net pattern is \* or scheme:\/\/host/],
  ])('%j', (text, reason) => {
    expect(reasonOf(text)).toMatch(reason);
  });

  it.each(STAR_REJECTING_KINDS)('a lone * for %s, which has no "any name" form', (kind) => {
    expect(reasonOf(`${kind}:*`)).toBe(`kind ${kind} takes no bare * pattern`);
  });

  it.each(NAME_KINDS)('a ** for %s, which has no subtrees', (kind) => {
    expect(reasonOf(`${kind}:**`)).toBe(`wildcards are not allowed in ${kind} patterns`);
  });

  it.each(RESOURCE_KINDS)('a bidi override or zero-width space in a %s pattern', (kind) => {
    for (const hidden of ['\u202E', '\u200B', '\u2067', '\uFEFF'])
      expect(reasonOf(`${kind}:a${hidden}b`)).toMatch(/^the resource contains an invisible format/);
  });

  it.each(NAME_KINDS)('a trailing /** on a %s name', (kind) => {
    expect(reasonOf(`${kind}:a/**`)).toBe(`wildcards are not allowed in ${kind} patterns`);
  });
});

describe('normalizePath', () => {
  it.each([
    ['./a//b/', 'a/b'],
    ['a/./b/../c', 'a/c'],
    ['a', 'a'],
    ['a/', 'a'],
    ['a/b/..', 'a'],
    ['.', '.'],
    ['./', '.'],
    ['a/..', '.'],
    ['.a/..b', '.a/..b'],
  ])('normalises %j to %j', (path, normal) => {
    expect(normalizePath(path)).toBe(normal);
  });

  it.each([
    '',
    '..',
    '../x',
    'a/../..',
    '/etc/passwd',
    '//x',
    'C:\\x',
    'C:x',
    './C:/x',
    'x/../c:y',
    './a:',
    'a\\b',
  ])('rejects %j as absolute, empty, escaping or a drive path once normalised', (path) => {
    expect(normalizePath(path)).toBeNull();
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '.', '/'), maxLength: 12 }), (s) => {
        const once = normalizePath(s);
        if (once !== null) expect(normalizePath(once)).toBe(once);
      }),
    );
  });
});

describe('parseRights', () => {
  it('takes connect only on net:* (the shell sandbox network), get and send on URL patterns', () => {
    const url = parseResource('net:https://example.com/**');
    const any = parseResource('net:*');
    if (!url.ok || !any.ok) throw new Error('patterns should parse');
    expect(parseRights(url.value, 'get,send')).toStrictEqual({ ok: true, value: ['get', 'send'] });
    expect(parseRights(url.value, 'connect')).toMatchObject({
      ok: false,
      reason: /only as net:\*=connect/,
    });
    expect(parseRights(any.value, 'connect')).toStrictEqual({ ok: true, value: ['connect'] });
  });

  it.each([
    ['read', ['read']],
    ['read,write', ['read', 'write']],
    [' read , delete ', ['read', 'delete']],
    ['read,read,write', ['read', 'write']],
    [
      ['write', 'read'],
      ['write', 'read'],
    ],
  ] as const)('accepts %j for fs as %j', (text, rights) => {
    expect(parseRights('fs', text)).toStrictEqual({ ok: true, value: rights });
  });

  it.each(RESOURCE_KINDS)('accepts every catalog right of %s', (kind) => {
    const all = RESOURCE_CATALOG[kind].rights;
    expect(parseRights(kind, all.join(','))).toStrictEqual({ ok: true, value: all });
  });

  it.each([
    ['fs', '*', 'a * right is not allowed: name each right'],
    ['fs', 'read,*', 'a * right is not allowed: name each right'],
    ['fs', 'execute', '"execute" is not a right of fs (read, write, delete)'],
    ['shell', 'read', '"read" is not a right of shell (execute)'],
    ['fs', 'Read', '"Read" is not a right of fs (read, write, delete)'],
    ['fs', 'read,', '"" is not a right of fs (read, write, delete)'],
    ['fs', '', 'name at least one right'],
    ['fs', ' , ', 'name at least one right'],
    ['fs', [], 'name at least one right'],
  ] as const)('rejects %s rights %j: %s', (kind, text, reason) => {
    expect(parseRights(kind, text)).toStrictEqual({ ok: false, reason });
  });
});

describe('formatResource', () => {
  it.each([
    ['fs:src/a.ts', 'fs:src/a.ts'],
    ['fs:src/**', 'fs:src/**'],
    ['fs:**', 'fs:**'],
    ['fs:./src//**', 'fs:src/**'],
    ['fs:.', 'fs:.'],
    ['shell:*', 'shell:*'],
    ['net:*', 'net:*'],
    ['model:**', 'model:**'],
  ])('writes %s canonically as %s', (text, canonical) => {
    const parsed = parseResource(text);
    expect(parsed.ok && formatResource(parsed.value)).toBe(canonical);
  });

  it('writes a subtree at the root as the whole namespace', () => {
    expect(formatResource({ kind: 'fs', match: 'subtree', path: '.' })).toBe('fs:**');
  });
});

// Canonical patterns: what parseResource can return.
const segmentArb = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 6 })
  .filter((s) => !/[/\\\0*?[\]{}]/.test(s) && s !== '.' && s !== '..' && isShown(s));
const pathArb = fc
  .array(segmentArb, { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('/'))
  .filter((p) => normalizePath(p) === p);
const nameArb = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .filter((s) => !/[*?[\]{}\0]/.test(s) && isShown(s));

/** Resource text never carries control or format characters (parseResource refuses them). */
function isShown(text: string): boolean {
  return findHiddenCharacter(text, { allowLineBreaks: false }) === null;
}

function patternArbFor(kind: ResourceKind): fc.Arbitrary<ResourcePattern> {
  const any = fc.constant<ResourcePattern>({ kind, match: 'any' });
  switch (RESOURCE_CATALOG[kind].patterns) {
    case 'path':
      return fc.oneof(
        any,
        fc.oneof(pathArb, fc.constant('.')).map((path): ResourcePattern => ({
          kind,
          match: 'exact',
          path,
        })),
        pathArb.map((path): ResourcePattern => ({ kind, match: 'subtree', path })),
      );
    case 'name-or-any':
      return fc.oneof(
        any,
        nameArb.map((path): ResourcePattern => ({ kind, match: 'exact', path })),
      );
    case 'name':
      return nameArb.map((path): ResourcePattern => ({ kind, match: 'exact', path }));
    case 'argv':
      return fc.oneof(
        any,
        pathArb.map((path): ResourcePattern => ({ kind, match: 'subtree', path })),
      );
    case 'url': {
      const origin = fc.constantFrom(
        'https://example.com',
        'http://127.0.0.1:8080',
        'http://[::1]',
      );
      const urlPath = fc.array(fc.constantFrom('a', 'b', 'docs', '%20x'), { maxLength: 3 });
      return fc.oneof(
        any,
        fc.tuple(origin, urlPath).map(([o, p]): ResourcePattern => ({
          kind,
          match: 'exact',
          path: `${o}/${p.join('/')}`,
        })),
        fc.tuple(origin, urlPath).map(([o, p]): ResourcePattern => ({
          kind,
          match: 'subtree',
          path: p.length === 0 ? o : `${o}/${p.join('/')}`,
        })),
      );
    }
  }
}

const patternArb = fc.constantFrom(...RESOURCE_KINDS).chain(patternArbFor);

describe('round trip', () => {
  it('parses the formatted text of every canonical pattern back to the same pattern', () => {
    fc.assert(
      fc.property(patternArb, (pattern) => {
        expect(parseResource(formatResource(pattern))).toStrictEqual({ ok: true, value: pattern });
      }),
      { numRuns: 1_000 },
    );
  });

  it('formats any accepted text to a canonical form that parses to the same pattern', () => {
    const textArb = fc
      .tuple(
        fc.constantFrom(...RESOURCE_KINDS),
        fc.string({ unit: fc.constantFrom('a', 'b', '.', '/', '*', ':'), maxLength: 10 }),
      )
      .map(([kind, pattern]) => `${kind}:${pattern}`);
    fc.assert(
      fc.property(textArb, (text) => {
        const parsed = parseResource(text);
        if (!parsed.ok) return;
        const canonical = formatResource(parsed.value);
        const reparsed = parseResource(canonical);
        expect(reparsed).toStrictEqual(parsed);
        expect(reparsed.ok && formatResource(reparsed.value)).toBe(canonical);
      }),
      { numRuns: 1_000 },
    );
  });
});
