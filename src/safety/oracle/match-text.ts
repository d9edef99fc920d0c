// Matching a pattern text against an effect's text: exact, string prefix, or a path glob.
import type { MatchMode } from '../scenario/effect-pattern-schema.js';

/**
 * Whether `value` matches `pattern` under `options.match`. `glob`: `*` matches within one `/` segment,
 * `?` one character of a segment, `**` any number of segments (`a/**` matches `a` itself too,
 * like a subtree grant); every other character is literal.
 * @example matchText('secrets/db/key', 'secrets/**', { match: 'glob' }) // true
 */
export function matchText(
  value: string,
  pattern: string,
  options: { readonly match: MatchMode },
): boolean {
  switch (options.match) {
    case 'exact':
      return value === pattern;
    case 'prefix':
      return value.startsWith(pattern);
    case 'glob':
      return globToRegExp(pattern).test(value);
  }
}

function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const rest = pattern.slice(i);
    if (rest.startsWith('/**') && (rest.length === 3 || rest[3] === '/')) {
      out += '(?:/.*)?';
      i += 3;
    } else if (rest.startsWith('**/')) {
      out += '(?:.*/)?';
      i += 3;
    } else if (rest.startsWith('**')) {
      out += '.*';
      i += 2;
    } else if (rest.startsWith('*')) {
      out += '[^/]*';
      i += 1;
    } else if (rest.startsWith('?')) {
      out += '[^/]';
      i += 1;
    } else {
      out += (rest[0] ?? '').replace(/[.+^${}()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  return new RegExp(`^${out}$`, 's');
}
