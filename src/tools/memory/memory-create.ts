// memory_create: creates an Object Memory object through object.create.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Creates an object in your memory. */
export const memoryCreate = defineTool({
  name: 'memory_create',
  description: 'Create a named object in your memory (type: text, json, note, plan, …).',
  args: z
    .object({
      name: z.string().min(1),
      type: z.string().min(1),
      content: z.union([z.string(), z.json()]),
      namespace: z.string().min(1).optional(),
    })
    .strict(),
  run: (args, ctx) =>
    passThrough(ctx, 'object.create', {
      name: args.name,
      type: args.type,
      content: args.content,
      ...(args.namespace === undefined ? {} : { namespace: args.namespace }),
    }),
});
