// Quotes one command-line argument for a POSIX shell, so printed commands can be pasted.

const PLAIN = /^[\w@%+=:,./-]+$/;

/** `value` as is when the shell reads it literally, else in single quotes. */
export function shellQuote(value: string): string {
  return PLAIN.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
