// Tests for net URL patterns: patterns and requests canonicalise alike, and containment implies coverage.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNetUrl } from '../net/net-url.js';
import { capabilityFixture } from './capability-fixture.js';
import { decide } from './decide.js';
import { contains, covers } from './match.js';
import { parseResource, type ResourcePattern } from './resource.js';

const segment = fc.constantFrom(
  'a',
  'b',
  'docs',
  '%61',
  '%7E',
  '~',
  '.',
  '..',
  '%2e',
  'x%20y',
  'é',
);
const pathArb = fc.array(segment, { minLength: 0, maxLength: 4 }).map((s) => `/${s.join('/')}`);
const originArb = fc.constantFrom(
  'https://a.example',
  'https://A.Example:443',
  'http://a.example:8080',
  'http://2130706433',
  'http://[::1]',
);

function pattern(text: string): ResourcePattern {
  const parsed = parseResource(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

describe('net URL patterns', () => {
  it('give an exact pattern the resource path a request for the same URL has (property)', () => {
    fc.assert(
      fc.property(originArb, pathArb, (origin, path) => {
        const request = parseNetUrl(`${origin}${path}`);
        const parsed = parseResource(`net:${origin}${path}`);
        expect(parsed.ok).toBe(request.ok);
        if (!request.ok || !parsed.ok) return;
        expect(covers(parsed.value, { kind: 'net', path: request.value.resource })).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('cover every request a contained pattern covers (property)', () => {
    const patternArb = fc
      .tuple(originArb, pathArb, fc.boolean())
      .map(([o, p, subtree]) =>
        parseResource(`net:${o}${subtree ? `${p === '/' ? '' : p}/**` : p}`),
      )
      .filter((p): p is { ok: true; value: ResourcePattern } => p.ok)
      .map((p) => p.value);
    fc.assert(
      fc.property(
        fc.oneof(patternArb, fc.constant(pattern('net:*'))),
        patternArb,
        originArb,
        pathArb,
        (outer, inner, origin, path) => {
          const request = parseNetUrl(`${origin}${path}`);
          if (!request.ok) return;
          const resource = { kind: 'net' as const, path: request.value.resource };
          if (contains(outer, inner) && covers(inner, resource))
            expect(covers(outer, resource)).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('never lets a subtree reach a sibling with a longer name or another port', () => {
    const docs = pattern('net:https://a.example/docs/**');
    expect(covers(docs, { kind: 'net', path: 'https://a.example/docs-private/x' })).toBe(false);
    expect(covers(docs, { kind: 'net', path: 'https://a.example:444/docs/x' })).toBe(false);
    expect(
      covers(pattern('net:https://a.example/**'), {
        kind: 'net',
        path: 'https://a.example.evil.test/',
      }),
    ).toBe(false);
  });

  it('leaves the records of the old net kind inert: they allow no fetch', () => {
    const old = [
      capabilityFixture({
        resource: { kind: 'net', match: 'exact', path: 'example.com' },
        rights: ['connect'],
      }),
      capabilityFixture({
        resource: { kind: 'net', match: 'exact', path: 'example.com:443' },
        rights: ['connect'],
      }),
      capabilityFixture({ resource: { kind: 'net', match: 'any' }, rights: ['connect'] }),
    ];
    for (const right of ['get', 'send'] as const)
      for (const path of ['https://example.com/', 'http://example.com/a', 'https://other.test/'])
        expect(
          decide(old, { resource: { kind: 'net', path }, right, callHash: 'h', now: 1 }),
        ).toStrictEqual({ effect: 'deny', record: null });
  });
});
