// The pure helpers behind the authority commands: expiry, grant and decision parsing, display text.
import { describe, expect, it } from 'vitest';
import { isLibosError } from '../../src/base/errors.js';
import { describeRequest } from '../../src/cli/format/describe-request.js';
import { formatAge } from '../../src/cli/format/format-age.js';
import { printable } from '../../src/cli/format/printable.js';
import { parseDecision } from '../../src/cli/parse-decision.js';
import { parseExpiry } from '../../src/cli/parse-expiry.js';
import { parseGrantSpec } from '../../src/cli/parse-grant-spec.js';

const NOW = Date.UTC(2030, 0, 15, 12, 0, 0);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isLibosError(error) ? error.code : 'not a LibosError';
  }
}

describe('parseExpiry', () => {
  it.each([
    ['30s', NOW + 30_000],
    ['30m', NOW + 1_800_000],
    ['2h', NOW + 7_200_000],
    ['7d', NOW + 604_800_000],
    ['1w', NOW + 604_800_000],
    [' 2h ', NOW + 7_200_000],
    ['2030-01-16', new Date(2030, 0, 16).getTime()],
    ['2030-01-15T13:00Z', Date.UTC(2030, 0, 15, 13)],
    ['2030-01-15T13:00:30.5Z', Date.UTC(2030, 0, 15, 13, 0, 30, 500)],
    ['2030-01-15T15:00+02:00', Date.UTC(2030, 0, 15, 13)],
    ['2030-01-15T08:00-05:00', Date.UTC(2030, 0, 15, 13)],
    ['2032-02-29T00:00Z', Date.UTC(2032, 1, 29)],
  ])('reads %j', (text, expected) => {
    expect(parseExpiry(text, { now: NOW })).toBe(expected);
  });

  it.each([
    ['soon', 'INVALID_INPUT'],
    ['', 'INVALID_INPUT'],
    ['-2h', 'INVALID_INPUT'],
    ['2.5h', 'INVALID_INPUT'],
    ['2031-02-29', 'INVALID_INPUT'],
    ['2030-13-01', 'INVALID_INPUT'],
    ['2030-01-15T24:00Z', 'INVALID_INPUT'],
    ['2030-01-15T12:00+25:00', 'INVALID_INPUT'],
    ['Jan 16 2030', 'INVALID_INPUT'],
    ['0s', 'OUT_OF_RANGE'],
    ['2030-01-15T12:00Z', 'OUT_OF_RANGE'],
    ['2000-01-01', 'OUT_OF_RANGE'],
    ['999999999w', 'OUT_OF_RANGE'],
  ])('refuses %j with %s', (text, code) => {
    expect(codeOf(() => parseExpiry(text, { now: NOW }))).toBe(code);
  });
});

describe('parseGrantSpec', () => {
  const read = (text: string): unknown => parseGrantSpec(text, { now: NOW });
  const plain = { once: false, expiresAt: null, delegable: true };

  it('splits at the = before the rights and canonicalises the resource', () => {
    expect(read('fs:./src//=read')).toEqual({ resource: 'fs:src', rights: ['read'], ...plain });
    expect(read('fs:a=b.txt=read,write,read')).toEqual({
      resource: 'fs:a=b.txt',
      rights: ['read', 'write'],
      ...plain,
    });
    expect(read('fs:docs/**=read')).toEqual({
      resource: 'fs:docs/**',
      rights: ['read'],
      ...plain,
    });
  });

  it('reads once, expires and no-delegate after the rights', () => {
    expect(read('fs:out/**=write;once;expires=2h;no-delegate')).toEqual({
      resource: 'fs:out/**',
      rights: ['write'],
      once: true,
      expiresAt: NOW + 7_200_000,
      delegable: false,
    });
    expect(read('fs:a=b.txt=read;expires=2030-01-16T00:00Z')).toMatchObject({
      resource: 'fs:a=b.txt',
      expiresAt: Date.UTC(2030, 0, 16),
    });
  });

  it('refuses unknown, repeated and malformed options by name', () => {
    expect(() => read('fs:a=read;forever')).toThrow(/unknown option "forever" \(options: once/);
    expect(() => read('fs:a=read;once;once')).toThrow(/the option "once" is given twice/);
    expect(() => read('fs:a=read;expires=soon')).toThrow(
      /Reading the grant option expires= failed/,
    );
    expect(codeOf(() => read('fs:a=read;expires'))).toBe('INVALID_INPUT');
    expect(codeOf(() => read('fs:a=read;'))).toBe('INVALID_INPUT');
    expect(codeOf(() => read('fs:a=read;expires=2001-01-01'))).toBe('OUT_OF_RANGE');
  });

  it('gives the parse reason in the message', () => {
    expect(() => read('fs:a=fly')).toThrow(/"fly" is not a right of fs \(read, write, delete\)/);
    expect(() => read('disk:a=read')).toThrow(/unknown resource kind "disk"/);
    expect(() => read('fs:a')).toThrow(/not of the form kind:pattern=rights/);
    expect(() => read('fs:a=;once')).toThrow(/not of the form kind:pattern=rights/);
  });
});

describe('parseDecision', () => {
  it('maps decision words, ack and answers to what runtime.decide takes', () => {
    expect(parseDecision('allow_always', {})).toEqual({ decision: 'allow_always', answer: null });
    expect(parseDecision(undefined, { answer: 'yes' })).toEqual({ decision: null, answer: 'yes' });
    expect(parseDecision('ack', {})).toEqual({ decision: null, answer: null });
    expect(parseDecision('deny_once', { answer: 'too risky' })).toEqual({
      decision: 'deny_once',
      answer: 'too risky',
    });
  });

  it('refuses unknown words, nothing at all, blank or overlong answers and ack with an answer', () => {
    for (const [word, answer] of [
      ['allow', undefined],
      [undefined, undefined],
      [undefined, ''],
      [undefined, 'x'.repeat(8_001)],
      ['ack', 'ok'],
    ] as const) {
      expect(codeOf(() => parseDecision(word, { answer }))).toBe('INVALID_INPUT');
    }
  });
});

describe('display text', () => {
  it('shows control characters from agents as escapes on one line: a newline as ⏎, a tab as \\t', () => {
    expect(printable('ok\u001b[2J\tnext\nline\u0007\u009b')).toBe(
      'ok\\x1b[2J\\tnext⏎line\\x07\\x9b',
    );
    expect(describeRequest({ kind: 'question', question: 'Clear?\u001b[2J' })).toBe(
      'Clear?\\x1b[2J',
    );
  });

  it('shows format characters, lone surrogates and separators as \\u escapes', () => {
    expect(printable('a\u202Eb\u200Bc\u2066d\uFEFFe\u{1D173}f\uD800g\u2028h')).toBe(
      'a\\u202eb\\u200bc\\u2066d\\ufeffe\\u{1d173}f\\ud800g\\u2028h',
    );
    // Escaping twice changes nothing: cells escaped by a formatter pass the table unchanged.
    const once = printable('x\n\u001b\u202E');
    expect(printable(once)).toBe(once);
  });

  it('keeps lines when asked, quoting each so none passes for the CLI’s own output', () => {
    const forged = 'Deploy?\n[2/2] apr_00000009 from proc_1: permission\r\u001b[2K\u202Eok';
    expect(printable(forged, { lines: 'quote' })).toBe(
      '  │ Deploy?\n  │ [2/2] apr_00000009 from proc_1: permission\\x0d\\x1b[2K\\u202eok',
    );
    expect(printable('a\tb\nc\u0007', { lines: 'keep' })).toBe('a\tb\nc\\x07');
    expect(describeRequest({ kind: 'notification', message: 'one\ntwo' }, { lines: 'quote' })).toBe(
      '  │ one\n  │ two',
    );
  });

  it('formats ages in their largest whole unit', () => {
    expect(
      [-5, 999, 45_000, 720_000, 3 * 3_600_000, 47 * 3_600_000, 5 * 86_400_000].map(formatAge),
    ).toEqual(['0s', '0s', '45s', '12m', '3h', '47h', '5d']);
  });
});
