// Parses a grant argument, `<resource>=<rights>[;<option>]…`, with the capability parser's reasons.
import { LibosError } from '../base/errors.js';
import type { Right } from '../kernel/capability/catalog.js';
import { formatResource } from '../kernel/capability/resource.js';
import { parseGrant } from '../runtime/authority/capability-ops.js';
import { parseExpiry } from './parse-expiry.js';

/** A checked grant argument: canonical resource text, its rights and its limits. */
export interface GrantSpec {
  /** Canonical `kind:pattern`, e.g. `fs:src/**`. */
  readonly resource: string;
  readonly rights: readonly Right[];
  /** `;once`: good for one use. */
  readonly once: boolean;
  /** `;expires=<T>`: the absolute expiry (epoch ms), or null for none. */
  readonly expiresAt: number | null;
  /** False with `;no-delegate`: the holder cannot pass it on to its children. */
  readonly delegable: boolean;
}

/** The options a grant argument may carry after its rights. */
const OPTIONS = 'once, expires=<time>, no-delegate';

/**
 * Reads `kind:pattern=rights` followed by `;`-separated options: `once` (one use),
 * `expires=<time>` (a duration such as `2h` or an ISO date, as `--expires` takes) and
 * `no-delegate`. The rights start after the first `=` whose text up to the next `;` holds no
 * other `=`, so a pattern may contain `=` (`fs:a=b.txt=read`). Everything is checked before any
 * database is opened; an unknown or repeated option is refused by name.
 * @throws INVALID_INPUT with the parse reason or the option at fault; OUT_OF_RANGE for an expiry
 *   that is not in the future
 * @example
 * parseGrantSpec('fs:out/**=write;once;expires=2h;no-delegate', { now: clock.now() });
 */
export function parseGrantSpec(text: string, options: { now: number }): GrantSpec {
  const split = rightsStart(text);
  const end = text.indexOf(';', split + 1);
  const rights = end === -1 ? text.slice(split + 1) : text.slice(split + 1, end);
  if (split <= 0 || rights === '') {
    throw new LibosError(
      'INVALID_INPUT',
      `Reading the grant failed: ${JSON.stringify(text.slice(0, 60))} is not of the form kind:pattern=rights[;option]… (e.g. fs:src/**=read,write;once)`,
    );
  }
  const parsed = parseGrant(text.slice(0, split), rights);
  const limits = parseOptions(end === -1 ? [] : text.slice(end + 1).split(';'), options);
  return { resource: formatResource(parsed.pattern), rights: parsed.rights, ...limits };
}

/** The index of the `=` before the rights, or -1. */
function rightsStart(text: string): number {
  for (let at = text.indexOf('='); at !== -1; at = text.indexOf('=', at + 1)) {
    const end = text.indexOf(';', at + 1);
    if (!text.slice(at + 1, end === -1 ? undefined : end).includes('=')) return at;
  }
  return -1;
}

function parseOptions(
  words: readonly string[],
  options: { now: number },
): Pick<GrantSpec, 'once' | 'expiresAt' | 'delegable'> {
  let once = false;
  let expiresAt: number | null = null;
  let delegable = true;
  const seen = new Set<string>();
  for (const word of words) {
    const name = word.split('=', 1)[0]?.trim() ?? '';
    if (seen.has(name)) throw badOption(`the option ${JSON.stringify(name)} is given twice`);
    seen.add(name);
    if (word.trim() === 'once') once = true;
    else if (word.trim() === 'no-delegate') delegable = false;
    else if (name === 'expires' && word.includes('='))
      expiresAt = parseExpiry(word.slice(word.indexOf('=') + 1), {
        now: options.now,
        option: 'the grant option expires=',
      });
    else
      throw badOption(`unknown option ${JSON.stringify(word.slice(0, 40))} (options: ${OPTIONS})`);
  }
  return { once, expiresAt, delegable };
}

function badOption(problem: string): LibosError {
  return new LibosError('INVALID_INPUT', `Reading the grant failed: ${problem}`, {
    details: { options: OPTIONS },
  });
}
