// Finds characters that act on a terminal, or hide or reorder text, before that text reaches a person.

/** The refused categories, each with the words an error message uses for it. */
const CATEGORIES: readonly (readonly [RegExp, string])[] = [
  [/^\p{Cc}$/u, 'a control character'],
  [/^\p{Cf}$/u, 'an invisible format character'],
  [/^\p{Cs}$/u, 'a lone surrogate'],
  [/^[\p{Zl}\p{Zp}]$/u, 'a line or paragraph separator'],
];

/**
 * The first character of `text` that would act on a terminal or change what a person reads,
 * described by its kind and code point (`a control character (U+001B)`), or null when there is
 * none. Refused: control characters (C0, DEL, C1; newline and tab only with `allowLineBreaks`),
 * Unicode format characters (bidi embeddings, overrides and isolates, LRM/RLM/ALM, zero-width
 * space and joiners, word joiner, BOM, …), lone surrogates and the line and paragraph separators.
 * The description never contains the character itself, so it is safe to put in an error message.
 * @example findHiddenCharacter('a\u202Eb', { allowLineBreaks: true }) // 'an invisible format character (U+202E)'
 */
export function findHiddenCharacter(
  text: string,
  options: { readonly allowLineBreaks: boolean },
): string | null {
  for (const [char] of text.matchAll(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu)) {
    if (options.allowLineBreaks && (char === '\n' || char === '\t')) continue;
    const kind = CATEGORIES.find(([category]) => category.test(char))?.[1] ?? 'a hidden character';
    const code = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `${kind} (U+${code})`;
  }
  return null;
}
