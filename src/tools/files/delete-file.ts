// delete_file: deletes a workspace file through fs.delete.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Deletes a file. */
export const deleteFile = defineTool({
  name: 'delete_file',
  description: 'Delete a file in the workspace.',
  args: z.object({ path: z.string().min(1) }).strict(),
  run: (args, ctx) => passThrough(ctx, 'fs.delete', { path: args.path }),
});
