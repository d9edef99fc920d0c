// checkpoint_list: lists the checkpoints of the caller's own subtree through checkpoint.list.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Lists the caller's checkpoints. */
export const checkpointListTool = defineTool({
  name: 'checkpoint_list',
  description: 'List the checkpoints taken of yourself and your children, oldest first.',
  args: z.object({}).strict(),
  run: (_args, ctx) => passThrough(ctx, 'checkpoint.list', {}),
});
