// write_file: creates or replaces a workspace file through fs.write.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Writes a text file (atomic replace, or append). */
export const writeFile = defineTool({
  name: 'write_file',
  description: 'Create or replace a text file in the workspace; set append to add to its end.',
  args: z
    .object({ path: z.string().min(1), content: z.string(), append: z.boolean().optional() })
    .strict(),
  run: (args, ctx) =>
    passThrough(ctx, 'fs.write', {
      path: args.path,
      content: args.content,
      mode: args.append === true ? 'append' : 'overwrite',
    }),
});
