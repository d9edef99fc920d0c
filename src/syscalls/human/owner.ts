// The default human channel and the deadline option shared by human syscalls.
import { z } from 'zod';

/** The owner channel as a resource. */
export const OWNER = { kind: 'human', path: 'owner' } as const;

/** Optional deadline in milliseconds (up to 30 days); an unanswered request then denies. */
export const deadlineInput = z
  .number()
  .int()
  .min(1)
  .max(30 * 24 * 3600 * 1000)
  .optional();

/** Absolute deadline from a relative one. */
export function deadlineAt(now: number, ms: number | undefined): number | null {
  return ms === undefined ? null : now + ms;
}
