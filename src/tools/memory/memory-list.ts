// memory_list: lists objects of a namespace through object.list.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';
import { stripUndefined } from './memory-read.js';

/** Lists objects (your private namespace unless one is named). */
export const memoryList = defineTool({
  name: 'memory_list',
  description: 'List the objects in your memory, or in a namespace you were given access to.',
  args: z
    .object({ namespace: z.string().min(1).optional(), afterName: z.string().optional() })
    .strict(),
  run: (args, ctx) => passThrough(ctx, 'object.list', stripUndefined(args)),
});
