// Parses the `<resource>=<rights>` argument of `caps grant`, with the capability parser's reasons.
import { LibosError } from '../base/errors.js';
import type { Right } from '../kernel/capability/catalog.js';
import { formatResource } from '../kernel/capability/resource.js';
import { parseGrant } from '../runtime/authority/capability-ops.js';

/** A checked grant argument: canonical resource text and its rights. */
export interface GrantSpec {
  /** Canonical `kind:pattern`, e.g. `fs:src/**`. */
  readonly resource: string;
  readonly rights: readonly Right[];
}

/**
 * Splits `text` at its last `=` (rights never hold one) and checks both halves, so bad input is
 * refused before any database is opened.
 * @throws INVALID_INPUT with the parse reason
 * @example
 * parseGrantSpec('fs:src/**=read,write'); // { resource: 'fs:src/**', rights: ['read', 'write'] }
 */
export function parseGrantSpec(text: string): GrantSpec {
  const split = text.lastIndexOf('=');
  if (split <= 0 || split === text.length - 1) {
    throw new LibosError(
      'INVALID_INPUT',
      `Reading the grant failed: ${JSON.stringify(text.slice(0, 60))} is not of the form kind:pattern=rights (e.g. fs:src/**=read,write)`,
    );
  }
  const parsed = parseGrant(text.slice(0, split), text.slice(split + 1));
  return { resource: formatResource(parsed.pattern), rights: parsed.rights };
}
