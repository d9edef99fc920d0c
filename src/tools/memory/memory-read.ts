// memory_read: reads an object (latest or a given version) through object.read.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Reads an object by name or id. */
export const memoryRead = defineTool({
  name: 'memory_read',
  description: 'Read an object from memory by name or id (latest version unless you give one).',
  args: z
    .object({
      name: z.string().min(1).optional(),
      id: z.string().min(1).optional(),
      namespace: z.string().min(1).optional(),
      version: z.number().int().min(1).optional(),
    })
    .strict()
    .refine((a) => (a.name === undefined) !== (a.id === undefined), {
      message: 'give exactly one of name or id',
    }),
  run: (args, ctx) => passThrough(ctx, 'object.read', stripUndefined(args)),
});

/** Drops undefined members so strict syscall schemas see only what was given. */
export function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
