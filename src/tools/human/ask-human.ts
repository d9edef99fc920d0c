// ask_human: asks the owner a question through human.ask; the agent waits for the answer.
import { z } from 'zod';
import { defineTool, passThrough } from '../define-tool.js';

/** Asks a question. */
export const askHuman = defineTool({
  name: 'ask_human',
  description: 'Ask your human owner a question and wait for the answer.',
  args: z.object({ question: z.string().min(1) }).strict(),
  run: (args, ctx) => passThrough(ctx, 'human.ask', { question: args.question }),
});
