// exec_image: replaces the agent's image through process.exec (a benchmark tool; no built-in tool execs).
import { z } from 'zod';
import { defineTool, passThrough } from '../../tools/define-tool.js';

/** Executes another image in place; needs `image:<id> exec`. */
export const execImage = defineTool({
  name: 'exec_image',
  description: 'Replace your image (and optionally your goal), keeping your pid.',
  args: z.object({ image: z.string().min(1), goal: z.string().min(1).optional() }).strict(),
  run: (args, ctx) =>
    passThrough(ctx, 'process.exec', {
      imageId: args.image,
      ...(args.goal === undefined ? {} : { goal: args.goal }),
    }),
});
