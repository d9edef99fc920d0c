// Text shown to a person deciding: everything outside printable ASCII escaped.

/**
 * `text` with every character outside printable ASCII (controls, bidi overrides, look-alike
 * letters, line breaks) written as `\uHHHH`, so nothing in it can hide or reorder what a human
 * approving a call reads.
 * @example asciiOnly('a\u202Eb') // 'a\\u202eb'
 */
export function asciiOnly(text: string): string {
  return text.replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
