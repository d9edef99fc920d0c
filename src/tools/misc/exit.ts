// exit: ends the agent with a result through process.exit.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Exits with a result. */
export const exit = defineTool({
  name: 'exit',
  description: 'Finish: end this agent with a result.',
  args: z.object({ result: z.json() }).strict(),
  run: (args, ctx) => passThrough(ctx, 'process.exit', { result: args.result }),
});
