// read_file: reads a workspace file through fs.read.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Reads a text file. */
export const readFile = defineTool({
  name: 'read_file',
  description: 'Read a text file in the workspace (path relative to your working directory).',
  args: z
    .object({ path: z.string().min(1).describe('File path, relative to your working directory') })
    .strict(),
  run: (args, ctx) => passThrough(ctx, 'fs.read', { path: args.path }),
});
