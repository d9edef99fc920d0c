// findHiddenCharacter: what text shown to a person may not hold, named by code point.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findHiddenCharacter } from './find-hidden-character.js';

const LINES = { allowLineBreaks: true };
const ONE_LINE = { allowLineBreaks: false };

describe('findHiddenCharacter', () => {
  it.each([
    ['a\u001b[2K', 'a control character (U+001B)'],
    ['ok\rDenied', 'a control character (U+000D)'],
    ['a\u007f', 'a control character (U+007F)'],
    ['a\u009b', 'a control character (U+009B)'],
    ['txt\u202Eexe', 'an invisible format character (U+202E)'],
    ['a\u2066b\u2069', 'an invisible format character (U+2066)'],
    ['a\u200Eb', 'an invisible format character (U+200E)'],
    ['a\u061Cb', 'an invisible format character (U+061C)'],
    ['se\u200Bcret', 'an invisible format character (U+200B)'],
    ['a\u200Db', 'an invisible format character (U+200D)'],
    ['a\u2060b', 'an invisible format character (U+2060)'],
    ['\uFEFFa', 'an invisible format character (U+FEFF)'],
    ['a\u{E0041}', 'an invisible format character (U+E0041)'],
    ['a\ud800', 'a lone surrogate (U+D800)'],
    ['a\u2028b', 'a line or paragraph separator (U+2028)'],
  ])('names the first hidden character of %j by kind and code point', (text, found) => {
    expect(findHiddenCharacter(text, LINES)).toBe(found);
    expect(findHiddenCharacter(text, ONE_LINE)).toBe(found);
  });

  it('allows newline and tab only where lines are allowed', () => {
    expect(findHiddenCharacter('Which title?\n\t1. Durable', LINES)).toBeNull();
    expect(findHiddenCharacter('a\nb', ONE_LINE)).toBe('a control character (U+000A)');
    expect(findHiddenCharacter('a\tb', ONE_LINE)).toBe('a control character (U+0009)');
  });

  it('accepts ordinary text in any script, emoji and combining marks', () => {
    for (const text of ['résumé', 'שלום', 'مرحبا', '日本語', '🙂', 'e\u0301', 'a b'])
      expect(findHiddenCharacter(text, ONE_LINE)).toBeNull();
  });

  it('never puts the character itself in its description', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const found = findHiddenCharacter(text, LINES);
        if (found !== null) expect(found).toMatch(/^[a-z ]+ \(U\+[0-9A-F]{4,6}\)$/);
      }),
    );
  });
});
