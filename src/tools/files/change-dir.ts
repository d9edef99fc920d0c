// change_dir: changes the working directory through process.chdir.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Changes directory. */
export const changeDir = defineTool({
  name: 'change_dir',
  description: 'Change your working directory (relative paths resolve from it).',
  args: z.object({ path: z.string().min(1) }).strict(),
  run: (args, ctx) => passThrough(ctx, 'process.chdir', { path: args.path }),
});
