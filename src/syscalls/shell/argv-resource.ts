// The concrete `shell` resource of a command: its argv as path segments, each argument encoded.

/**
 * `git status --short` → `git/status/--short`. Each argument is percent-encoded (a `/`, `%`,
 * space, control or non-ASCII character in an argument cannot forge or hide a segment), an empty
 * argument is `%00` (NUL never occurs in an argument) and `.`/`..` are `%2E`/`%2E%2E`, so
 * `shell:git/status` covers exactly the commands whose argv starts `git`, `status`.
 */
export function argvResource(argv: readonly string[]): string {
  return argv.map(encodeArgument).join('/');
}

function encodeArgument(arg: string): string {
  if (arg === '') return '%00';
  if (arg === '.') return '%2E';
  if (arg === '..') return '%2E%2E';
  return encodeURIComponent(arg).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
