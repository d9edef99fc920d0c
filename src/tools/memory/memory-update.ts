// memory_update: writes a new version of an object through object.update (compare-and-set).
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';
import { stripUndefined } from './memory-read.js';

/** Updates an object; a stale expectedVersion fails with VERSION_CONFLICT. */
export const memoryUpdate = defineTool({
  name: 'memory_update',
  description: 'Write a new version of an object; pass the version you read as expectedVersion.',
  args: z
    .object({
      name: z.string().min(1).optional(),
      id: z.string().min(1).optional(),
      namespace: z.string().min(1).optional(),
      content: z.union([z.string(), z.json()]),
      expectedVersion: z.number().int().min(1).optional(),
    })
    .strict()
    .refine((a) => (a.name === undefined) !== (a.id === undefined), {
      message: 'give exactly one of name or id',
    }),
  run: (args, ctx) => passThrough(ctx, 'object.update', stripUndefined(args)),
});
