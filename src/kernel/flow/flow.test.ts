import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkExit, sourcesAbove } from './check-exit.js';
import { joinTaint, taintChanged, taintOf, taintRose } from './join-taint.js';
import { labelOf } from './label-of.js';
import { parseLabelPattern, type LabelRule } from './label-rule.js';
import { matchLabelGlob } from './match-label-pattern.js';
import { EMPTY_TAINT, MAX_TAINT_SOURCES, type Taint } from './taint.js';

const NONE = { operator: [] as LabelRule[] };
const rule = (
  pattern: string,
  sensitivity: LabelRule['sensitivity'],
  onExceed: LabelRule['onExceed'] = 'ask',
): LabelRule => ({ pattern, sensitivity, onExceed });

describe('matchLabelGlob', () => {
  it.each([
    ['**/.env', '.env', true],
    ['**/.env', 'app/config/.env', true],
    ['**/.env', 'app/.envrc', false],
    ['secrets/**', 'secrets/db/password', true],
    ['secrets/**', 'notsecrets/x', false],
    ['**/*.pem', 'certs/server.pem', true],
    ['**/*.pem', 'certs/server.pem.txt', false],
    ['public/*', 'public/a.txt', true],
    ['public/*', 'public/sub/a.txt', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'acb', false],
    ['https://*.example.org', 'https://api.example.org', true],
    ['**', 'anything/at/all', true],
  ])('%s against %s is %s', (glob, target, expected) => {
    expect(matchLabelGlob(glob, target)).toBe(expected);
  });
});

describe('labelOf', () => {
  it('labels the usual secret files by default', () => {
    expect(labelOf('fs:.env', NONE)?.sensitivity).toBe('secret');
    expect(labelOf('fs:deploy/id_rsa', NONE)?.sensitivity).toBe('secret');
    expect(labelOf('fs:secrets/token', NONE)?.sensitivity).toBe('secret');
    expect(labelOf('fs:README.md', NONE)).toBeNull();
  });

  it('lets an operator rule override a default, the most specific operator rule winning', () => {
    const rules = {
      operator: [rule('fs:certs/**', 'confidential'), rule('fs:certs/public.pem', 'public')],
    };
    expect(labelOf('fs:certs/public.pem', rules)?.sensitivity).toBe('public');
    expect(labelOf('fs:certs/other.pem', rules)?.sensitivity).toBe('confidential');
    expect(labelOf('fs:keys/other.pem', rules)?.sensitivity).toBe('secret');
  });

  it('takes the most sensitive of equally specific operator rules', () => {
    const rules = { operator: [rule('fs:a/*', 'public'), rule('fs:*/b', 'secret')] };
    expect(labelOf('fs:a/b', rules)?.sensitivity).toBe('secret');
  });

  it('never matches a rule of another kind', () => {
    expect(labelOf('net:.env', NONE)).toBeNull();
  });
});

describe('parseLabelPattern', () => {
  it.each(['fs:/etc/passwd', 'fs:../x', 'disk:x', 'fs:', 'fs\u202e:x', 'nokind'])(
    'refuses %s',
    (text) => {
      expect(parseLabelPattern(text).ok).toBe(false);
    },
  );
  it('accepts a kind and a glob', () => {
    expect(parseLabelPattern('net:https://*.example.org')).toEqual({
      ok: true,
      value: { kind: 'net', glob: 'https://*.example.org' },
    });
  });
});

describe('taints', () => {
  const secret = taintOf({ resources: ['fs:.env'], origins: ['file'] }, NONE);

  it('labels received resources by rule and objects by their labels', () => {
    expect(secret).toEqual({
      sensitivity: 'secret',
      origins: ['file'],
      sources: [{ source: 'fs:.env', sensitivity: 'secret' }],
      dropped: 0,
    });
    const object = taintOf(
      { labels: [{ ref: 'obj_a@2', sensitivity: 'confidential', origins: ['external'] }] },
      NONE,
    );
    expect(object.sensitivity).toBe('confidential');
    expect(object.origins).toEqual(['external']);
  });

  it('joins to the maximum, the union of origins, and keeps the most sensitive sources', () => {
    let taint: Taint = secret;
    for (let i = 0; i < MAX_TAINT_SOURCES + 4; i += 1)
      taint = joinTaint(taint, taintOf({ resources: [`fs:f${i}`], origins: ['tool'] }, NONE));
    expect(taint.sensitivity).toBe('secret');
    expect(taint.origins).toEqual(['tool', 'file']);
    expect(taint.sources).toHaveLength(MAX_TAINT_SOURCES);
    expect(taint.sources[0]).toEqual({ source: 'fs:.env', sensitivity: 'secret' });
    expect(taint.dropped).toBe(5);
  });

  it('is commutative and idempotent', () => {
    const other = taintOf({ resources: ['fs:notes.md'], origins: ['external'] }, NONE);
    expect(joinTaint(secret, other)).toEqual(joinTaint(other, secret));
    expect(joinTaint(secret, secret)).toEqual(secret);
    expect(taintChanged(secret, joinTaint(secret, secret))).toBe(false);
  });

  it('is idempotent and commutative for any taints, past the source bound too', () => {
    const received = fc.record({
      resources: fc.array(fc.constantFrom('fs:.env', 'fs:a', 'fs:b', 'fs:c', 'fs:d', 'fs:e'), {
        maxLength: 3,
      }),
      labels: fc.array(
        fc.record({
          ref: fc.integer({ min: 1, max: 40 }).map((n) => `obj_${String(n).padStart(8, '0')}@1`),
          sensitivity: fc.constantFrom('public', 'internal', 'confidential', 'secret'),
          origins: fc.subarray(['model', 'tool', 'external'] as const),
        }),
        { maxLength: 8 },
      ),
      origins: fc.subarray(['file', 'human', 'external'] as const),
    });
    // A taint as a process builds it: what its calls received, joined in turn.
    const taint = fc
      .array(received, { maxLength: 6 })
      .map((all) => all.reduce<Taint>((t, r) => joinTaint(t, taintOf(r, NONE)), EMPTY_TAINT));
    fc.assert(
      fc.property(taint, taint, (a, b) => {
        expect(joinTaint(a, a)).toEqual(a);
        expect(taintChanged(a, joinTaint(a, a))).toBe(false);
        expect(joinTaint(a, b)).toEqual(joinTaint(b, a));
        const ab = joinTaint(a, b);
        // Joining what is already in: nothing to write (a message carrying the same taint again).
        expect(taintChanged(ab, joinTaint(ab, b))).toBe(false);
      }),
    );
  });

  it('rises with a higher level or a new origin only', () => {
    const internal = taintOf({ resources: ['fs:a.md'], origins: ['file'] }, NONE);
    expect(taintRose(EMPTY_TAINT, internal)).toBe(true);
    expect(
      taintRose(internal, joinTaint(internal, taintOf({ resources: ['fs:b.md'] }, NONE))),
    ).toBe(false);
    expect(taintRose(internal, secret)).toBe(true);
  });
});

describe('checkExit', () => {
  const secret = taintOf({ resources: ['fs:.env'], origins: ['file'] }, NONE);
  const internal = taintOf({ resources: ['fs:README.md'], origins: ['file'] }, NONE);
  const settings = {
    rules: {
      operator: [
        rule('fs:public/**', 'public'),
        rule('net:https://vault.local', 'secret'),
        rule('human:pager', 'public', 'deny'),
      ],
    },
  };

  it('lets an untainted or internal process through every default exit', () => {
    for (const exit of [
      { kind: 'net', target: 'https://example.org' },
      { kind: 'human', target: 'owner' },
      { kind: 'fs', target: 'notes.md' },
      { kind: 'model', target: 'openai/gpt' },
      { kind: 'process', target: 'proc_x' },
    ] as const) {
      expect(checkExit(EMPTY_TAINT, exit, settings)).toEqual({ kind: 'clear' });
      expect(checkExit(internal, exit, settings)).toEqual({ kind: 'clear' });
    }
  });

  it('stops a secret at every exit cleared below it, naming the sources', () => {
    const check = checkExit(secret, { kind: 'fs', target: 'public/out.txt' }, settings);
    expect(check).toMatchObject({
      kind: 'exceeds',
      clearance: 'public',
      action: 'ask',
      rule: 'fs:public/**',
    });
    if (check.kind === 'exceeds')
      expect(sourcesAbove(check.taint, check.clearance)).toEqual(['fs:.env (secret)']);
    expect(checkExit(secret, { kind: 'human', target: 'owner' }, settings)).toMatchObject({
      kind: 'exceeds',
      clearance: 'internal',
      rule: null,
    });
    expect(checkExit(secret, { kind: 'human', target: 'pager' }, settings)).toMatchObject({
      action: 'deny',
    });
    expect(
      checkExit(
        secret,
        { kind: 'model', target: 'openai/gpt' },
        { ...settings, modelClearance: 'secret' },
      ),
    ).toEqual({ kind: 'clear' });
    expect(checkExit(secret, { kind: 'net', target: 'https://vault.local' }, settings)).toEqual({
      kind: 'clear',
    });
    expect(checkExit(secret, { kind: 'fs', target: 'secrets/copy' }, settings)).toEqual({
      kind: 'clear',
    });
  });

  it('counts what the call carries even when the caller never read it (a moved file)', () => {
    const carried = taintOf({ resources: ['fs:secrets/key'] }, NONE);
    expect(
      checkExit(EMPTY_TAINT, { kind: 'fs', target: 'notes/key' }, { ...settings, carried }),
    ).toMatchObject({
      kind: 'exceeds',
      clearance: 'internal',
    });
  });

  it('holds a message to a process only when a rule lowers its clearance', () => {
    expect(checkExit(secret, { kind: 'process', target: 'proc_a' }, settings)).toEqual({
      kind: 'clear',
    });
    const lowered = { rules: { operator: [rule('process:proc_a', 'internal', 'deny')] } };
    expect(checkExit(secret, { kind: 'process', target: 'proc_a' }, lowered)).toMatchObject({
      action: 'deny',
    });
  });
});
