// move_file: moves or renames a workspace file through fs.move.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Moves a file. */
export const moveFile = defineTool({
  name: 'move_file',
  description: 'Move or rename a file in the workspace (never overwrites an existing file).',
  args: z.object({ from: z.string().min(1), to: z.string().min(1) }).strict(),
  run: (args, ctx) => passThrough(ctx, 'fs.move', { from: args.from, to: args.to }),
});
