// The one check every paged read makes of its limit.
import { LibosError } from '../../base/errors.js';

/** Throws OUT_OF_RANGE unless `limit` is a non-negative safe integer. */
export function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new LibosError('OUT_OF_RANGE', `Listing failed: limit must be a non-negative integer`, {
      details: { limit: Number.isFinite(limit) ? limit : String(limit) },
    });
  }
}
