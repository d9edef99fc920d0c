// Parses repeated or comma-separated `--state` values into process state kinds.
import { LibosError } from '../base/errors.js';
import { STATE_KINDS, type StateKind } from '../kernel/process/types.js';

/**
 * The distinct state kinds named by `values` (each may be a comma-separated list), or
 * `undefined` when none were given.
 * @throws INVALID_INPUT when a value is not a state kind.
 */
export function parseStates(values: readonly string[]): StateKind[] | undefined {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim());
  if (names.length === 0) return undefined;
  const kinds = new Set<StateKind>();
  for (const name of names) {
    const kind = STATE_KINDS.find((candidate) => candidate === name);
    if (kind === undefined) {
      throw new LibosError(
        'INVALID_INPUT',
        `Reading --state failed: ${JSON.stringify(name.slice(0, 40))} is not one of ${STATE_KINDS.join(', ')}`,
        { details: { option: '--state' } },
      );
    }
    kinds.add(kind);
  }
  return [...kinds];
}
