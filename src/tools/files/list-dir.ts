// list_dir: lists a workspace directory through fs.list.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Lists a directory. */
export const listDir = defineTool({
  name: 'list_dir',
  description: 'List the entries of a workspace directory ("." for your working directory).',
  args: z.object({ path: z.string().min(1) }).strict(),
  run: (args, ctx) => passThrough(ctx, 'fs.list', { path: args.path }),
});
