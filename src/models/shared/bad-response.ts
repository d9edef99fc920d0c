// The error for a provider response that arrived but cannot be used.
import { LibosError } from '../../base/errors.js';

/**
 * Throws MODEL_BAD_RESPONSE saying what was wrong with the response (a field, not its content).
 * @throws MODEL_BAD_RESPONSE always
 */
export function badResponse(providerId: string, what: string): never {
  throw new LibosError(
    'MODEL_BAD_RESPONSE',
    `Calling model ${providerId} failed: the response was malformed: ${what}`,
  );
}
