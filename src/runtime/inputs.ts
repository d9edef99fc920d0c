// Schemas for values that cross into the runtime from callers: validated once, typed after.
import { z } from 'zod';
import { LibosError } from '../base/errors.js';

const limit = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Budget limits; each dimension optional. */
export const budgetSchema = z
  .object({ quanta: limit, toolCalls: limit, children: limit, wallMs: limit, tokens: limit })
  .partial()
  .strict();

/** Spawn and fork parameters. */
export const spawnInputSchema = z
  .object({
    imageId: z.string().min(1).max(200),
    imageVersion: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    goal: z.string().max(100_000),
    name: z.string().min(1).max(200).optional(),
    cwd: z.string().max(4096).optional(),
    budget: budgetSchema.optional(),
    onBudgetExceeded: z.enum(['pause', 'kill']).optional(),
  })
  .strict();

/** Fork parameters: everything optional, inherited from the parent. */
export const forkInputSchema = spawnInputSchema.partial().strict();

/** A delay in milliseconds (up to ten years). */
export const delayMsSchema = z
  .number()
  .nonnegative()
  .max(10 * 365 * 24 * 3600 * 1000);

/**
 * Parses `value` with `schema`.
 * @throws INVALID_INPUT (OUT_OF_RANGE for numbers out of bounds) with a message naming the field.
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, attempted: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue === undefined || issue.path.length === 0 ? 'input' : issue.path.join('.');
  const code =
    issue?.code === 'too_big' || issue?.code === 'too_small' ? 'OUT_OF_RANGE' : 'INVALID_INPUT';
  throw new LibosError(code, `${attempted} failed: ${path}: ${issue?.message ?? 'invalid'}`, {
    details: { field: path },
  });
}
