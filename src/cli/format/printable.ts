// Makes text that processes wrote safe to print: nothing in it acts on the terminal or passes for the CLI's own lines.

/**
 * How line breaks are shown: `flat` (one table cell or line: a newline shows as `⏎`, a tab as
 * `\t`), `quote` (a multi-line view: lines kept, each starting with `  │ `, a mark the CLI's own
 * lines never start with), `keep` (lines kept as they are: the text is all the output says).
 */
export type LineMode = 'flat' | 'quote' | 'keep';

/** The mark each line of quoted process text starts with. */
const QUOTE = '  │ ';

// What acts on a terminal or hides or reorders text: control characters (C0, DEL, C1), Unicode
// format characters (bidi overrides and isolates, zero-width characters, BOM), lone surrogates,
// line and paragraph separators.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/**
 * `text` with every character that could act on the terminal or change what the operator reads
 * shown as a visible escape: control characters as `\xHH` (a newline as `⏎` when `flat`), format
 * characters, lone surrogates and separators as `\uHHHH`. Every piece of text a process wrote
 * (names, goals, questions, reasons, results, resources, payloads) goes through here before it is
 * printed, including rows stored before the syscalls refused such characters.
 * @example printable('ok\n\u202Eevil') // 'ok⏎\u202eevil' (with a literal backslash)
 */
export function printable(text: string, options: { readonly lines?: LineMode } = {}): string {
  const lines = options.lines ?? 'flat';
  if (lines === 'flat') return text.replace(HIDDEN, (c) => (c === '\n' ? '⏎' : escape(c)));
  const kept = text
    .split('\n')
    .map((line) => line.replace(HIDDEN, (c) => (c === '\t' ? c : escape(c))));
  return lines === 'quote' ? kept.map((line) => `${QUOTE}${line}`).join('\n') : kept.join('\n');
}

function escape(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (char === '\t') return '\\t';
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}
