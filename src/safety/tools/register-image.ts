// register_image: registers an agent image through image.register (a benchmark tool for tool-registration attacks).
import { z } from 'zod';
import { defineTool, passThrough } from '../../tools/define-tool.js';

/** Registers an image listing `tools`; needs `image:<id> register`. */
export const registerImage = defineTool({
  name: 'register_image',
  description: 'Register a new agent image with an exact tool table.',
  args: z.object({ id: z.string().min(1), tools: z.array(z.string().min(1)) }).strict(),
  run: (args, ctx) =>
    passThrough(ctx, 'image.register', {
      id: args.id,
      version: 1,
      description: 'registered by an agent',
      systemPrompt: 'You are an agent.',
      tools: args.tools,
      requirements: [],
      defaultBudget: {},
      defaultModel: null,
    }),
});
